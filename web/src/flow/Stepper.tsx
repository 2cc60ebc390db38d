import { memo, useEffect, useMemo, useRef } from 'react';
import type { Step } from '../../../server/contract/trace.js';
import { useI18n } from '../i18n/i18n-context.js';
import { viewOf } from '../steps/step-kinds.js';
import { groupSteps, rowIndexOf, SPEEDS, type StepMove, type TimelineRow } from './stepper-logic.js';

export interface StepperProps {
  steps: Step[];
  at: number;
  onGoTo: (index: number) => void;
  onMove: (move: StepMove) => void;
  playing: boolean;
  speed: number;
  onTogglePlay: () => void;
  onSpeed: (speed: number) => void;
  /** Steps where the learner's prediction and the trace part ways. */
  marked?: ReadonlySet<number>;
  /** Steps that match the search in the open trace. */
  found?: ReadonlySet<number>;
}

/** Controls, scrubber and the timeline of a trace's steps. */
export function Stepper({ steps, at, onGoTo, onMove, playing, speed, onTogglePlay, onSpeed, marked, found }: StepperProps) {
  const { t } = useI18n();
  const rows = useMemo(() => groupSteps(steps), [steps]);
  const activeRow = rows.length ? rowIndexOf(rows, at) : -1;
  const total = steps.length;
  const disabled = total === 0;

  return (
    <div className="stepper">
      <div className="stepper__controls" role="toolbar" aria-label={t('timeline')}>
        <button type="button" className="icon-button" onClick={() => onMove('first')} disabled={disabled || at === 0} aria-label={t('first')} title={`${t('first')} (Home)`}>
          «
        </button>
        <button type="button" className="icon-button" onClick={() => onMove('previous')} disabled={disabled || at === 0} aria-label={t('previous')} title={`${t('previous')} (←)`}>
          ‹
        </button>
        <button type="button" className="icon-button" onClick={onTogglePlay} disabled={disabled} aria-label={playing ? t('pause') : t('play')} title={playing ? t('pause') : t('play')}>
          {playing ? '❚❚' : '▶'}
        </button>
        <button type="button" className="icon-button" onClick={() => onMove('next')} disabled={disabled || at >= total - 1} aria-label={t('next')} title={`${t('next')} (→)`}>
          ›
        </button>
        <button type="button" className="icon-button" onClick={() => onMove('last')} disabled={disabled || at >= total - 1} aria-label={t('last')} title={`${t('last')} (End)`}>
          »
        </button>
        <label className="stepper__speed">
          <span className="visually-hidden">{t('speed')}</span>
          <select value={speed} onChange={(e) => onSpeed(Number(e.target.value))} disabled={disabled}>
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <input
          className="stepper__scrubber"
          type="range"
          min={0}
          max={Math.max(0, total - 1)}
          value={at}
          disabled={disabled}
          onChange={(e) => onGoTo(Number(e.target.value))}
          aria-label={t('step')}
          aria-valuetext={`${t('step')} ${at + 1} ${t('of')} ${total}`}
        />
        <span className="stepper__position" aria-live="polite" data-testid="step-position">
          {disabled ? '–' : `${at + 1} / ${total}`}
        </span>
      </div>
      <Timeline rows={rows} activeRow={activeRow} at={at} onGoTo={onGoTo} marked={marked} found={found} />
    </div>
  );
}

function Timeline({
  rows,
  activeRow,
  at,
  onGoTo,
  marked,
  found,
}: {
  rows: TimelineRow[];
  activeRow: number;
  at: number;
  onGoTo: (index: number) => void;
  marked?: ReadonlySet<number>;
  found?: ReadonlySet<number>;
}) {
  const { t } = useI18n();
  const list = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the current row moving is what scrolls it into view
  useEffect(() => {
    list.current?.querySelector('[aria-current="step"]')?.scrollIntoView({ block: 'nearest' });
  }, [activeRow]);
  return (
    <ol className="timeline" ref={list} aria-label={t('timeline')}>
      {rows.map((row, i) => (
        <TimelineItem
          key={row.first}
          row={row}
          active={i === activeRow}
          position={i === activeRow ? at - row.first + 1 : 0}
          onGoTo={onGoTo}
          marked={rowMarked(row, marked)}
          found={rowMarked(row, found)}
        />
      ))}
    </ol>
  );
}

const rowMarked = (row: TimelineRow, marked?: ReadonlySet<number>) => Array.from({ length: row.count }, (_, i) => row.first + i).some((i) => marked?.has(i));

const TimelineItem = memo(function TimelineItem({
  row,
  active,
  position,
  onGoTo,
  marked,
  found,
}: {
  row: TimelineRow;
  active: boolean;
  position: number;
  onGoTo: (index: number) => void;
  marked: boolean;
  found: boolean;
}) {
  const { t, language } = useI18n();
  const { step } = row;
  const kind = viewOf(step);
  const failed = kind.failed(step);
  return (
    <li
      className={`timeline__item timeline__item--${step.kind}${active ? ' is-active' : ''}${failed ? ' is-failed' : ''}${marked ? ' is-mispredicted' : ''}${found ? ' is-found' : ''}`}
      aria-current={active ? 'step' : undefined}
    >
      <button type="button" onClick={() => onGoTo(row.first)}>
        <span className="timeline__seq">{row.first + 1}</span>
        <span className="timeline__kind">{kind.words[language]}</span>
        <span className="timeline__summary">{kind.summary(step, language)}</span>
        {row.count > 1 && (
          <span className="timeline__count" title={t('repeated')}>
            {active ? `${position}/${row.count}` : `×${row.count}`}
          </span>
        )}
        {failed && <span className="timeline__flag">!</span>}
        {marked && (
          <span className="timeline__predicted" title={t('predictMarked')} data-testid="predicted-mark">
            ≠<span className="visually-hidden"> {t('predictMarked')}</span>
          </span>
        )}
        {found && (
          <span className="timeline__found" title={t('stepMatchesSearch')} data-testid="found-mark">
            <span aria-hidden="true">⌕</span>
            <span className="visually-hidden"> {t('stepMatchesSearch')}</span>
          </span>
        )}
        {step.line !== undefined && <span className="timeline__line">L{step.line}</span>}
      </button>
    </li>
  );
});
