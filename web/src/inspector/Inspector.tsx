import type { Step } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { viewOf } from '../steps/step-kinds.js';

export interface InspectorProps {
  step?: Step;
  /** How many queries in the whole trace ran the same SQL (N+1 shows as a count). */
  sameQueryCount: number;
  /** Without it (no editor on the page), the line is only said. */
  onShowLine?: (line: number) => void;
}

/** The data of the current step: what the request, query, service or response looked like then. */
export function Inspector({ step, sameQueryCount, onShowLine }: InspectorProps) {
  const { t, language } = useI18n();
  if (!step) return <p className="empty">{t('noTrace')}</p>;
  const kind = viewOf(step);
  return (
    <div className="inspector" data-testid="inspector" data-kind={step.kind}>
      <header className="inspector__head">
        <span className={`badge badge--${step.kind}`}>{kind.words[language]}</span>
        <span className="inspector__meta">
          {step.startMs.toFixed(1)} ms{step.durationMs > 0 ? ` · ${t('duration')} ${step.durationMs.toFixed(2)} ms` : ''}
        </span>
        {step.line !== undefined &&
          (onShowLine ? (
            <button type="button" className="link-button" title={t('lineInEditor')} onClick={() => onShowLine(step.line!)}>
              {t('line')} {step.line}
            </button>
          ) : (
            <span className="inspector__meta">
              {t('line')} {step.line}
            </span>
          ))}
      </header>
      <kind.Inspector step={step} sameQueryCount={sameQueryCount} />
    </div>
  );
}
