import { type ReactNode, useEffect, useMemo, useState } from 'react';
import type { Lesson } from '../../../server/contract/lesson.js';
import type { Trace } from '../../../server/contract/trace.js';
import { useReducedMotion } from '../app/use-reduced-motion.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { DiagramQuiz } from './FlowDiagram.js';
import { FlowDiagram } from './LazyFlowDiagram.js';
import type { StepMove } from './stepper-logic.js';
import { serviceLabelsOf } from './node-words.js';
import { Stepper } from './Stepper.js';
import type { useStepping } from './use-stepping.js';

export interface FlowPaneProps {
  /** The open trace; its steps are `stepping`'s. */
  trace?: Trace;
  /** Only its services are drawn. */
  lesson?: Pick<Lesson, 'services'>;
  stepping: ReturnType<typeof useStepping>;
  /** Steps that match the search in the open trace. */
  found?: ReadonlySet<number>;
  /** What can be done with the open trace (share it, download it), beside its title. */
  actions?: ReactNode;
  /** Tools over the open trace's steps (find a step), in a row under the title, opened by a button so the diagram keeps its height. */
  tools?: ReactNode;
  /** The tools hold a search: their row opens. */
  toolsInUse?: boolean;
  /** Predict mode's layer (predict/PredictFlowPane.tsx): the boxes' question, the stepper's moves through it, marked steps, and what goes between diagram and stepper. */
  quiz?: DiagramQuiz;
  moves?: { onMove: (move: StepMove) => void; onGoTo: (index: number) => void; onTogglePlay: () => void };
  marked?: ReadonlySet<number>;
  children?: ReactNode;
}

/** The open trace on the diagram, with the stepper under it. */
export function FlowPane({ trace, lesson, stepping, found, actions, tools, toolsInUse = false, quiz, moves, marked, children }: FlowPaneProps) {
  const { t } = useI18n();
  const [toolsOpen, setToolsOpen] = useState(false);
  // A search brought in from elsewhere (the trace list) opens the row; clearing it while typing does not close it.
  useEffect(() => {
    if (toolsInUse) setToolsOpen(true);
  }, [toolsInUse]);
  const showTools = Boolean(trace && tools && toolsOpen);
  const reducedMotion = useReducedMotion();
  const services = useMemo(() => lesson?.services.map((s) => s.name) ?? [], [lesson]);
  const serviceLabels = useMemo(() => serviceLabelsOf(lesson), [lesson]);
  const { steps, at, goTo, move, playback } = stepping;
  return (
    <div className="stack__top flow-area">
      <div className="pane-toolbar flow-toolbar">
        <h2 className="pane-title">{t('flow')}</h2>
        {trace && (
          <span className="muted trace-title" data-testid="current-trace">
            {trace.method} {trace.url} → {trace.status}
            {trace.origin === 'check' ? ` (${t('fromCheck')})` : ''}
          </span>
        )}
        {trace && actions}
        {trace && tools && (
          <button type="button" className="small-button" aria-expanded={showTools} aria-controls="trace-tools" onClick={() => setToolsOpen((open) => !open)}>
            {t('findStep')}
          </button>
        )}
      </div>
      {showTools && (
        <div className="pane-toolbar trace-tools" id="trace-tools">
          {tools}
        </div>
      )}
      <FlowDiagram steps={steps} at={at} services={services} serviceLabels={serviceLabels} reducedMotion={reducedMotion} quiz={quiz} />
      {children}
      <Stepper
        steps={steps}
        at={at}
        marked={marked}
        onGoTo={moves?.onGoTo ?? goTo}
        onMove={moves?.onMove ?? move}
        playing={playback.playing}
        speed={playback.speed}
        onTogglePlay={moves?.onTogglePlay ?? playback.toggle}
        onSpeed={playback.setSpeed}
        found={found}
      />
    </div>
  );
}
