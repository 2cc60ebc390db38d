import { MarkerType, ReactFlow, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/base.css';
import { useEffect, useMemo, useRef } from 'react';
import type { NodeId, Step } from '../../../server/contract/trace.js';
import { useI18n, type Translate } from '../i18n/i18n-context.js';
import { diagramEdges, diagramNodes, reachAt, stepEdges, type Reach } from './flow-graph.js';
import { ICONS, nodeLabel } from './node-words.js';
import { FlowNode, type GudangFlowNode } from './FlowNode.js';
import { PacketEdge, type GudangFlowEdge } from './PacketEdge.js';
import { useMeasuredNodes } from './use-measured-nodes.js';

const nodeTypes = { stage: FlowNode };
const edgeTypes = { packet: PacketEdge };

/** "12 queries" on the Database box: N+1 shows as a number without stepping through it. */
const queriesText = (count: number, t: Translate) => (count === 0 ? undefined : `${count} ${t(count === 1 ? 'queryCountOne' : 'queryCountMany')}`);

export interface FlowDiagramProps {
  steps: Step[];
  at: number;
  /** Outside services the lesson offers, shown even before they are called. */
  services: string[];
  /** The lesson's names for its services' boxes ("Payment gateway"), by service name. */
  serviceLabels?: Record<string, string>;
  reducedMotion: boolean;
  /** "What comes next?" on the boxes: their numbers while asking, and after an answer the wrong pick and the right box. */
  quiz?: DiagramQuiz;
}

export interface DiagramQuiz {
  /** Shown on the boxes while the question waits; a click on a numbered box answers it. */
  numbers?: ReadonlyMap<string, number>;
  onPick?: (id: NodeId) => void;
  /** After a wrong answer: the box picked (it shakes, unless motion is reduced). */
  wrong?: string;
  /** After an answer: the box the request really went to. */
  answer?: string;
}

/** The request's path through the backend, lit up to the current step and dimmed beyond it. */
export function FlowDiagram({ steps, at, services, serviceLabels = {}, reducedMotion, quiz }: FlowDiagramProps) {
  const { t } = useI18n();
  const flow = useRef<ReactFlowInstance<GudangFlowNode, GudangFlowEdge> | null>(null);
  // By value: a new array with the same names (each render of the page makes one) is the same diagram.
  const serviceNames = services.join('\n');
  const layout = useMemo(() => {
    const nodes = diagramNodes(steps, serviceNames ? serviceNames.split('\n') : []);
    const perStep = stepEdges(steps);
    return { nodes, perStep, edges: diagramEdges(nodes, perStep) };
  }, [steps, serviceNames]);
  const { sizes, onNodesChange } = useMeasuredNodes();

  const reach = useMemo(() => reachAt(steps, layout.perStep, at), [steps, layout, at]);
  const queryCount = useMemo(() => steps.filter((s) => s.kind === 'query').length, [steps]);
  const hasTrace = steps.length > 0;

  const nodes = useMemo<GudangFlowNode[]>(
    () =>
      layout.nodes.map((node) => {
        const state: Reach = !hasTrace ? 'visited' : node.id === reach.activeNode ? 'active' : reach.nodes.has(node.id) ? 'visited' : 'dimmed';
        const reachText = !hasTrace ? '' : state === 'active' ? t('current') : state === 'visited' ? t('visited') : t('notReached');
        const detail = node.role === 'database' ? queriesText(queryCount, t) : node.detail;
        const pick = node.id === quiz?.wrong ? 'wrong' : node.id === quiz?.answer ? 'answer' : undefined;
        return {
          id: node.id,
          type: 'stage',
          position: { x: node.x, y: node.y },
          measured: sizes.get(node.id),
          data: {
            label: nodeLabel(node, t, serviceLabels),
            detail,
            reach: state,
            reachText,
            icon: ICONS[node.role],
            number: quiz?.numbers?.get(node.id),
            pick,
            pickText: pick === 'wrong' ? t('nextYourPick') : pick === 'answer' ? t('nextWentHere') : undefined,
            shake: pick === 'wrong' && !reducedMotion,
          },
          draggable: false,
          selectable: false,
        };
      }),
    [layout, reach, hasTrace, t, serviceLabels, queryCount, sizes, quiz, reducedMotion],
  );

  const byId = useMemo(() => new Map(layout.nodes.map((n) => [n.id, n])), [layout]);
  const edges = useMemo<GudangFlowEdge[]>(
    () =>
      layout.edges.map((edge) => {
        const source = byId.get(edge.source)!;
        const target = byId.get(edge.target)!;
        const vertical = source.x === target.x;
        const up = target.y < source.y;
        const state: Reach = edge.id === reach.activeEdge ? 'active' : reach.edges.has(edge.id) ? 'visited' : 'dimmed';
        return {
          id: edge.id,
          type: 'packet',
          source: edge.source,
          target: edge.target,
          sourceHandle: vertical ? (up ? 'top' : 'bottom-out') : 'right',
          targetHandle: vertical ? (up ? 'bottom' : 'top-in') : 'left',
          markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
          data: { reach: state, animate: !reducedMotion },
          selectable: false,
          focusable: false,
        };
      }),
    [layout, byId, reach, reducedMotion],
  );

  const box = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new layout is what asks for a new fit
  useEffect(() => {
    // React Flow holds a fit back until every node is measured, so a new layout is fitted once its boxes have sizes.
    void flow.current?.fitView({ padding: 0.12 });
    // Panes resize: keep the whole journey in view.
    const observer = new ResizeObserver(() => void flow.current?.fitView({ padding: 0.12 }));
    if (box.current) observer.observe(box.current);
    return () => observer.disconnect();
  }, [layout]);

  return (
    <div ref={box} className="flow-diagram" role="img" aria-label={`${t('flow')}: ${reach.activeNode ?? ''}`}>
      <ReactFlow<GudangFlowNode, GudangFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        // A mouse's way to answer "what comes next?"; the question's buttons are the keyboard's.
        onNodeClick={(_, node) => quiz?.onPick && quiz.numbers?.has(node.id) && quiz.onPick(node.id as NodeId)}
        onInit={(instance) => {
          flow.current = instance;
          void instance.fitView({ padding: 0.12 });
        }}
        fitView
        fitViewOptions={{ padding: 0.12 }}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        elementsSelectable={false}
        zoomOnScroll={false}
        panOnDrag={false}
        zoomOnDoubleClick={false}
        preventScrolling={false}
        // React Flow listens for these keys on the whole page and only skips inputs it recognises;
        // Monaco's EditContext input is not one, so Space (pan) never reached the editor. The
        // diagram is a picture: it has no use for pan, zoom, selection or delete keys at all.
        panActivationKeyCode={null}
        zoomActivationKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        deleteKeyCode={null}
        // The diagram is an image here (role="img"); a link inside it would be unreachable.
        proOptions={{ hideAttribution: true }}
        minZoom={0.3}
      />
    </div>
  );
}
