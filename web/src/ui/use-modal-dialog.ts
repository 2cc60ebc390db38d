import { useEffect, useRef } from 'react';

/**
 * Opens a <dialog> as a modal while it is on the page. It is removed from the page rather than
 * closed, so the browser does not hand focus back by itself: what had focus when it opened gets it again.
 */
export function useModalDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (element && !element.open) element.showModal();
    return () => {
      element?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return dialog;
}
