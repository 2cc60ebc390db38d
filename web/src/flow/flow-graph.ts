import type { NodeId, Step } from '../../../server/contract/trace.js';

/** Nodes the handler (or a middleware) calls out to and comes back from. */
export const isSpoke = (node: string) => node === 'database' || node.startsWith('service:');

export type NodeRole = 'client' | 'express' | 'middleware' | 'handler' | 'database' | 'service' | 'response';

export interface DiagramNode {
  id: NodeId;
  role: NodeRole;
  /** The middleware's function name or the service's name. */
  detail?: string;
  x: number;
  y: number;
}

export interface DiagramEdge {
  id: string;
  source: NodeId;
  target: NodeId;
}

export const edgeId = (source: string, target: string) => `${source}->${target}`;

const COLUMN = 140;
const ROW = 84;

/**
 * Left to right: Client, Express, each middleware, the handler, Response. The database sits above
 * the handler's column and outside services below it, since both are called and then return.
 */
export function layoutDiagram(middlewares: { index: number; name?: string }[], services: string[]): DiagramNode[] {
  const sorted = [...middlewares].sort((a, b) => a.index - b.index);
  const handlerColumn = 2 + sorted.length;
  return [
    { id: 'client', role: 'client', x: 0, y: ROW },
    { id: 'express', role: 'express', x: COLUMN, y: ROW },
    ...sorted.map((m, i): DiagramNode => ({ id: `middleware:${m.index}`, role: 'middleware', detail: m.name, x: COLUMN * (2 + i), y: ROW })),
    { id: 'handler', role: 'handler', x: COLUMN * handlerColumn, y: ROW },
    { id: 'database', role: 'database', x: COLUMN * handlerColumn, y: 0 },
    ...services.map((name, i): DiagramNode => ({ id: `service:${name}`, role: 'service', detail: name, x: COLUMN * handlerColumn + (i % 2) * 60, y: ROW * (2 + i) })),
    { id: 'response', role: 'response', x: COLUMN * (handlerColumn + 1), y: ROW },
  ];
}

/** The middleware stages seen in a trace (a request stopped early shows only those it reached). */
export function middlewaresIn(steps: Step[]): { index: number; name: string }[] {
  const found = new Map<number, string>();
  for (const step of steps) if (step.kind === 'middleware') found.set(step.data.index, step.data.name);
  return [...found].map(([index, name]) => ({ index, name }));
}

/** The boxes of a trace's diagram: its middlewares, and the lesson's services with any the trace called. */
export function diagramNodes(steps: Step[], services: string[]): DiagramNode[] {
  const traceServices = steps.filter((s) => s.kind === 'external').map((s) => s.node.slice('service:'.length));
  return layoutDiagram(middlewaresIn(steps), [...new Set([...services, ...traceServices])]);
}

/**
 * The edge each step travels: from the last stage that holds the request (a middleware or the
 * handler) to the step's node, so a query goes handler → database and the response that follows
 * leaves from the handler again. Steps that stay on their node travel no edge (null).
 */
export function stepEdges(steps: Step[]): (string | null)[] {
  let holder: string = 'client';
  return steps.map((step) => {
    const from = holder;
    if (!isSpoke(step.node)) holder = step.node;
    return from === step.node ? null : edgeId(from, step.node);
  });
}

/** The skeleton every diagram shows, plus whatever edges the trace travelled. */
export function diagramEdges(nodes: DiagramNode[], travelled: (string | null)[]): DiagramEdge[] {
  const ids = new Set(nodes.map((n) => n.id));
  const main = nodes.filter((n) => n.y === ROW && n.role !== 'service').sort((a, b) => a.x - b.x);
  const edges = new Map<string, DiagramEdge>();
  const add = (source: NodeId, target: NodeId) => edges.set(edgeId(source, target), { id: edgeId(source, target), source, target });
  for (let i = 1; i < main.length; i++) add(main[i - 1]!.id, main[i]!.id);
  for (const node of nodes) if (isSpoke(node.id)) add('handler', node.id);
  for (const id of travelled) {
    if (!id) continue;
    const [source, target] = id.split('->') as [NodeId, NodeId];
    if (ids.has(source) && ids.has(target)) add(source, target);
  }
  return [...edges.values()];
}

export type Reach = 'active' | 'visited' | 'dimmed';

/** How far the request had got at step `at`: which nodes and edges are lit so far. */
export function reachAt(steps: Step[], edgesPerStep: (string | null)[], at: number) {
  const nodes = new Set<string>(steps.length > 0 ? ['client'] : []);
  const edges = new Set<string>();
  for (let i = 0; i <= at && i < steps.length; i++) {
    nodes.add(steps[i]!.node);
    const edge = edgesPerStep[i];
    if (edge) edges.add(edge);
  }
  return { nodes, edges, activeNode: steps[at]?.node, activeEdge: edgesPerStep[at] ?? undefined };
}
