import { useCallback, useMemo } from 'react';
import type { Lesson } from '../../../server/contract/lesson.js';
import type { Trace } from '../../../server/contract/trace.js';
import { diagramNodes } from '../flow/flow-graph.js';
import type { DiagramQuiz } from '../flow/FlowDiagram.js';
import { FlowPane, type FlowPaneProps } from '../flow/FlowPane.js';
import { nodeName, serviceLabelsOf } from '../flow/node-words.js';
import type { useStepping } from '../flow/use-stepping.js';
import { useI18n } from '../i18n/i18n-context.js';
import { NextNodeQuestion } from './NextNodeQuestion.js';
import { numberNodes } from './next-node.js';
import { usePredictMode } from './prediction-store.js';
import { PredictionResult } from './PredictionResult.js';
import { useNextNodeQuiz } from './use-next-node-quiz.js';
import { usePredictionScore } from './use-prediction-score.js';
import { useRecordPredictions } from './use-record-predictions.js';

export interface PredictFlowPaneProps extends Pick<FlowPaneProps, 'found' | 'actions' | 'tools' | 'toolsInUse'> {
  trace?: Trace;
  lesson?: Lesson;
  /** Made with `keys: false`: the keys are bound here, through "what comes next?". */
  stepping: ReturnType<typeof useStepping>;
}

/**
 * The learner's flow pane: the prediction made before Send scored on its trace (marks, summary),
 * and in predict mode "what comes next?" while stepping; every answer is counted for the lesson.
 */
export function PredictFlowPane({ trace, lesson, stepping, ...traceTools }: PredictFlowPaneProps) {
  const { t } = useI18n();
  const { steps, at, playback } = stepping;
  const serviceLabels = useMemo(() => serviceLabelsOf(lesson), [lesson]);
  const record = useRecordPredictions(lesson?.id);
  const score = usePredictionScore(trace, playback.toggle, record);
  const marked = useMemo(() => new Set(score?.marks.map((m) => m.step)), [score]);

  const [predicting] = usePredictMode(lesson);
  const nodes = useMemo(() => diagramNodes(steps, lesson?.services.map((s) => s.name) ?? []), [steps, lesson]);
  const numbers = useMemo(() => numberNodes(nodes.map((n) => n.id)), [nodes]);
  const choices = useMemo(
    () => nodes.flatMap((node) => (numbers.has(node.id) ? [{ id: node.id, number: numbers.get(node.id)!, name: nodeName(node, t, serviceLabels) }] : [])),
    [nodes, numbers, t, serviceLabels],
  );
  const onAnswered = useCallback((right: boolean) => record({ right: right ? 1 : 0, total: 1 }), [record]);
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
  const moves = {
    onMove: quiz.onMove,
    onGoTo: quiz.onGoTo,
    onTogglePlay: () => {
      quiz.drop();
      playback.toggle();
    },
  };
  return (
    <FlowPane trace={trace} lesson={lesson} stepping={stepping} quiz={diagramQuiz} moves={moves} marked={marked} {...traceTools}>
      {score && <PredictionResult score={score} at={at} atEnd={!playback.playing && at === steps.length - 1} serviceLabels={serviceLabels} />}
      {predicting && steps.length > 0 && <NextNodeQuestion quiz={shown ? quiz.quiz : { asking }} choices={choices} onPick={quiz.pick} onSkip={quiz.skip} />}
    </FlowPane>
  );
}
