import type { Dimensions, NodeChange } from '@xyflow/react';
import { useCallback, useState } from 'react';

/**
 * The sizes React Flow measured, kept by node id and handed back on every node. React Flow treats
 * a node object without `measured` as new: it hides it and measures it again, and a measurement
 * can be lost when the next node objects arrive first (a step, a trace, a re-render) — the box
 * then stays hidden for good. Nodes that carry their size keep it; a changed size still comes
 * back as a dimensions change.
 */
export function useMeasuredNodes() {
  const [sizes, setSizes] = useState<ReadonlyMap<string, Dimensions>>(() => new Map());
  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const measured = changes.filter((change) => change.type === 'dimensions' && change.dimensions);
    if (measured.length === 0) return;
    setSizes((old) => {
      const next = new Map(old);
      for (const change of measured) if (change.type === 'dimensions' && change.dimensions) next.set(change.id, change.dimensions);
      return next;
    });
  }, []);
  return { sizes, onNodesChange };
}
