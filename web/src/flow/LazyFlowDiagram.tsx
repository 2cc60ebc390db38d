import { lazy, Suspense } from 'react';
import type { FlowDiagramProps } from './FlowDiagram.js';

// React Flow is the first screen's largest library and nothing before the first trace needs it:
// its own chunk, fetched as the app starts instead of holding back the first render.
const FlowDiagramChunk = lazy(() => import('./FlowDiagram.js').then((module) => ({ default: module.FlowDiagram })));

/** The flow diagram, with an empty box of its size until its chunk has arrived. */
export function FlowDiagram(props: FlowDiagramProps) {
  return (
    <Suspense fallback={<div className="flow-diagram" />}>
      <FlowDiagramChunk {...props} />
    </Suspense>
  );
}
