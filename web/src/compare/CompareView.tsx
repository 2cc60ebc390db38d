import { useMemo } from 'react';
import type { Step, Trace } from '../../../server/contract/trace.js';
import { msWords } from '../steps/step-kind.js';
import { viewOf } from '../steps/step-kinds.js';
import { type BodyComparison, type ComparedPair, compareTraces } from './compare-traces.js';
import { useCompareWords } from './compare-words.js';
import { fieldValue } from './field-value.js';
import './compare.css';

export interface CompareViewProps {
  left: Trace;
  right: Trace;
  /** How each side is named in the headers and the "only in" tags: "Your code" / "Solution", "Request A" / "Request B". */
  leftLabel: string;
  rightLabel: string;
}

/** Two runs side by side: a summary, their steps lined up by stage and SQL, and the response bodies' diff. Every difference carries a sign and words, not only a colour. */
export function CompareView({ left, right, leftLabel, rightLabel }: CompareViewProps) {
  const { w, language } = useCompareWords();
  const compared = useMemo(() => compareTraces(left, right), [left, right]);
  const { status, queries, duration } = compared;
  const count = compared.differences === 0 ? w('noDifferences') : compared.differences === 1 ? w('oneDifference') : `${compared.differences} ${w('manyDifferences')}`;
  return (
    <div className="compare" data-testid="compare-view">
      <p className="compare__count" data-testid="compare-count">
        {compared.differences === 0 ? '= ' : '≠ '}
        {count}
      </p>
      <table className="compare__table">
        <caption>{w('summary')}</caption>
        <ColumnHeads first={w('aspect')} leftLabel={leftLabel} rightLabel={rightLabel} />
        <tbody>
          <SummaryRow name={w('status')} left={String(status.left)} right={String(status.right)} same={status.same} testId="compare-status" />
          <SummaryRow name={w('queries')} left={String(queries.left)} right={String(queries.right)} same={queries.same} />
          <SummaryRow name={w('compareTime')} left={msWords(duration.left, language)} right={msWords(duration.right, language)} same={duration.same} />
        </tbody>
      </table>
      <table className="compare__table compare__steps" data-testid="compare-steps">
        <caption>{w('stepsAligned')}</caption>
        <ColumnHeads first={w('stage')} leftLabel={leftLabel} rightLabel={rightLabel} />
        <tbody>
          {compared.pairs.map((pair, index) => (
            <PairRow key={index} index={index} pair={pair} leftLabel={leftLabel} rightLabel={rightLabel} />
          ))}
        </tbody>
      </table>
      <BodyDiff body={compared.body} />
    </div>
  );
}

function ColumnHeads({ first, leftLabel, rightLabel }: { first: string; leftLabel: string; rightLabel: string }) {
  const { w } = useCompareWords();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{leftLabel}</th>
        <th scope="col">{rightLabel}</th>
        <th scope="col">{w('difference')}</th>
      </tr>
    </thead>
  );
}

function Verdict({ same }: { same: boolean }) {
  const { w } = useCompareWords();
  return <span className={same ? 'compare__tag' : 'compare__tag compare__tag--differs'}>{same ? `= ${w('same')}` : `≠ ${w('differs')}`}</span>;
}

function SummaryRow({ name, left, right, same, testId }: { name: string; left: string; right: string; same: boolean; testId?: string }) {
  return (
    <tr className={same ? undefined : 'is-different'} data-testid={testId} data-verdict={same ? 'same' : 'differs'}>
      <th scope="row">{name}</th>
      <td>{left}</td>
      <td>{right}</td>
      <td>
        <Verdict same={same} />
      </td>
    </tr>
  );
}

function StepCell({ step }: { step?: Step }) {
  const { w, language } = useCompareWords();
  if (!step) return <td className="compare__missing">— {w('notReached')}</td>;
  const view = viewOf(step);
  return (
    <td>
      <span className={`badge badge--${step.kind}`}>{view.words[language]}</span> <code className="compare__summary-text">{view.summary(step, language)}</code>{' '}
      <span className="compare__ms">{msWords(step.durationMs, language)}</span>
    </td>
  );
}

function PairRow({ index, pair, leftLabel, rightLabel }: { index: number; pair: ComparedPair; leftLabel: string; rightLabel: string }) {
  const { w, field, language } = useCompareWords();
  const { left, right, verdict, fields } = pair;
  return (
    <tr className={verdict === 'same' ? undefined : 'is-different'} data-verdict={verdict}>
      <th scope="row">{index + 1}</th>
      <StepCell step={left} />
      <StepCell step={right} />
      <td>
        {verdict === 'only-left' && <span className="compare__tag compare__tag--only">◀ {`${w('onlyIn')} ${leftLabel}`}</span>}
        {verdict === 'only-right' && <span className="compare__tag compare__tag--only">▶ {`${w('onlyIn')} ${rightLabel}`}</span>}
        {(verdict === 'same' || verdict === 'differs') && <Verdict same={verdict === 'same'} />}
        {left && right && fields.length > 0 && (
          <ul className="compare__fields">
            {fields.map((f) => (
              <li key={f}>
                <strong>{field(f)}</strong>: <code>{fieldValue(left, f, language)}</code> → <code>{fieldValue(right, f, language)}</code>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

const SIGN = { added: '+', removed: '−', changed: '~' } as const;
const shown = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

function BodyDiff({ body }: { body: BodyComparison }) {
  const { w } = useCompareWords();
  return (
    <section className="compare__body" aria-labelledby="compare-body-title" data-testid="compare-body">
      <h3 id="compare-body-title">{w('responseBody')}</h3>
      {body.same ? (
        <p>= {w('bodySame')}</p>
      ) : body.json ? (
        <ul className="compare__json">
          {body.changes.map((change, i) => (
            <li key={i} className={`compare__json--${change.op}`} data-op={change.op}>
              <span aria-hidden="true">{SIGN[change.op]} </span>
              <span className="compare__tag">{w(change.op)}</span> <code>{change.path || w('wholeBody')}</code>
              {change.op !== 'added' && (
                <>
                  {' '}
                  <code>{shown(change.before)}</code>
                </>
              )}
              {change.op === 'changed' && ' →'}
              {change.op !== 'removed' && (
                <>
                  {' '}
                  <code>{shown(change.after)}</code>
                </>
              )}
            </li>
          ))}
          {body.cut && <li>{w('moreChanges')}</li>}
        </ul>
      ) : (
        <>
          <p>≠ {w('bodyTextDiffers')}</p>
          <div className="compare__texts">
            <pre>{body.left}</pre>
            <pre>{body.right}</pre>
          </div>
        </>
      )}
    </section>
  );
}
