import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import type { Explanation } from '../i18n/http-words.js';

/**
 * A word with its explanation in a tooltip (the WAI-ARIA tooltip pattern): the word takes focus and is
 * described by the tooltip, which shows on hover and focus and hides on Escape, blur or mouse-out.
 * Focus never moves into the tooltip. Without an explanation the word is plain text.
 */
export function Term({ explanation, children }: { explanation?: Explanation; children: ReactNode }) {
  const { language } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [above, setAbove] = useState(false);
  const tip = useRef<HTMLSpanElement>(null);
  // The response sits low on the page: a tooltip that would run off the bottom shows above its word.
  useLayoutEffect(() => {
    const box = open ? tip.current?.parentElement?.getBoundingClientRect() : undefined;
    if (box) setAbove(box.bottom + tip.current!.offsetHeight + 8 > window.innerHeight);
  }, [open]);
  // Escape hides it wherever focus is, as a hovered tooltip may be over something else.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  if (!explanation) return <>{children}</>;
  const show = () => setOpen(true);
  const hide = () => setOpen(false);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: hover over the word or its tooltip keeps the tooltip shown; it adds no action
    <span className={above ? 'term term--above' : 'term'} onMouseEnter={show} onMouseLeave={hide}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the pattern's trigger takes focus only so keyboard users can read the tooltip */}
      <span className="term__word" tabIndex={0} aria-describedby={id} onFocus={show} onBlur={hide}>
        {children}
      </span>
      <span ref={tip} role="tooltip" id={id} className="term__tip" hidden={!open}>
        {explanation[language]}
      </span>
    </span>
  );
}
