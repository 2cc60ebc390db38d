import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { useModalDialog } from '../ui/use-modal-dialog.js';
import './compare.css';

/** The modal a comparison opens in from the traces list: a title, what is compared, and a scrolling body. */
export function CompareDialog({ title, intro, children, onClose }: { title: string; intro?: ReactNode; children: ReactNode; onClose: () => void }) {
  const { t } = useI18n();
  const dialog = useModalDialog();
  return (
    <dialog ref={dialog} className="compare-dialog" aria-labelledby="compare-title" onClose={onClose}>
      <h2 id="compare-title">{title}</h2>
      {intro}
      <div className="compare-dialog__scroll" tabIndex={0} role="region" aria-label={title}>
        {children}
      </div>
      <div className="dialog-actions">
        <button type="button" className="small-button" onClick={onClose}>
          {t('close')}
        </button>
      </div>
    </dialog>
  );
}
