import { useCallback, useMemo } from 'react';
import type { Lesson } from '../../../server/contract/lesson.js';
import type { Trace } from '../../../server/contract/trace.js';
import { useReducedMotion } from '../app/use-reduced-motion.js';
import { useI18n } from '../i18n/i18n-context.js';
import { NextNodeQuestion } from '../predict/NextNodeQuestion.js';
import { numberNodes } from '../predict/next-node.js';
import { predictionProgress } from '../predict/prediction-progress.js';
import { usePredictMode } from '../predict/prediction-store.js';
import { PredictionResult } from '../predict/PredictionResult.js';
import { useNextNodeQuiz } from '../predict/use-next-node-quiz.js';
import { usePredictionScore } from '../predict/use-prediction-score.js';
import { diagramNodes } from './flow-graph.js';
import type { DiagramQuiz } from './FlowDiagram.js';
import { FlowDiagram } from './LazyFlowDiagram.js';
import { nodeName } from './node-words.js';
import { Stepper } from './Stepper.js';
import type { useStepping } from './use-stepping.js';

export interface FlowPaneProps {
  /** The open trace; its steps are `stepping`'s. */
  trace?: Trace;
  lesson?: Lesson;
  /** Its keys are bound here (the page's `useStepping` is made with `keys: false`), through "what comes next?". */
  stepping: ReturnType<typeof useStepping>;
}

/** The open trace on the diagram, with the stepper under it; in predict mode, the prediction's marks and "what comes next?". */
export function FlowPane({ trace, lesson, stepping }: FlowPaneProps) {
  const { t } = useI18n();
  const reducedMotion = useReducedMotion();
  const services = useMemo(() => lesson?.services.map((s) => s.name) ?? [], [lesson]);
  const serviceLabels = useMemo(() => Object.fromEntries((lesson?.services ?? []).flatMap((s) => (s.label ? [[s.name, s.label]] : []))), [lesson]);
  const { steps, at, playback } = stepping;
  const lessonId = lesson?.id;
  const score = usePredictionScore(trace, playback.toggle, lessonId);
  const marked = useMemo(() => new Set(score?.marks.map((m) => m.step)), [score]);

  const [predicting] = usePredictMode(lesson);
  const nodes = useMemo(() => diagramNodes(steps, services), [steps, services]);
  const numbers = useMemo(() => numberNodes(nodes.map((n) => n.id)), [nodes]);
  const choices = useMemo(
    () => nodes.flatMap((node) => (numbers.has(node.id) ? [{ id: node.id, number: numbers.get(node.id)!, name: nodeName(node, t, serviceLabels) }] : [])),
    [nodes, numbers, t, serviceLabels],
  );
  const onAnswered = useCallback((right: boolean) => lessonId && predictionProgress.add(lessonId, { right: right ? 1 : 0, total: 1 }), [lessonId]);
  const quiz = useNextNodeQuiz(stepping, predicting && steps.length > 0, numbers, onAnswered);
  const { asking, outcome } = quiz.quiz;
  // The answer is shown on the boxes while the cursor stays where it led.
  const shown = outcome && outcome.to === at ? outcome : undefined;
  const diagramQuiz = useMemo<DiagramQuiz>(
    () => ({
      numbers: asking ? numbers : undefined,
      onPick: asking ? quiz.pick : undefined,
      wrong: shown?.type === 'picked' && !shown.right ? shown.picked : undefined,
      answer: shown?.answer,
    }),
    [asking, numbers, quiz.pick, shown],
  );
  return (
    <div className="stack__top flow-area">
      <div className="pane-toolbar">
        <h2 className="pane-title">{t('flow')}</h2>
        {trace && (
          <span className="muted trace-title" data-testid="current-trace">
            {trace.method} {trace.url} → {trace.status}
            {trace.origin === 'check' ? ` (${t('fromCheck')})` : ''}
          </span>
        )}
      </div>
      <FlowDiagram steps={steps} at={at} services={services} serviceLabels={serviceLabels} reducedMotion={reducedMotion} quiz={diagramQuiz} />
      {score && <PredictionResult score={score} at={at} atEnd={!playback.playing && at === steps.length - 1} serviceLabels={serviceLabels} />}
      {predicting && steps.length > 0 && <NextNodeQuestion quiz={shown ? quiz.quiz : { asking }} choices={choices} onPick={quiz.pick} onSkip={quiz.skip} />}
      <Stepper
        steps={steps}
        at={at}
        marked={marked}
        onGoTo={quiz.onGoTo}
        onMove={quiz.onMove}
        playing={playback.playing}
        speed={playback.speed}
        onTogglePlay={() => {
          quiz.drop();
          playback.toggle();
        }}
        onSpeed={playback.setSpeed}
      />
    </div>
  );
}
