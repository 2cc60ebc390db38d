import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { Reach } from './flow-graph.js';

export type PacketEdgeData = { reach: Reach; animate: boolean };
export type GudangFlowEdge = Edge<PacketEdgeData, 'packet'>;

/** An edge that carries a moving packet while it is the active step's edge. */
function PacketEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd }: EdgeProps<GudangFlowEdge>) {
  const [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const reach = data?.reach ?? 'dimmed';
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={`flow-edge flow-edge--${reach}`} />
      {reach === 'active' && data?.animate && (
        <circle r={6} className="flow-packet">
          <animateMotion dur="0.7s" repeatCount="indefinite" path={path} />
        </circle>
      )}
      {reach === 'active' && !data?.animate && <circle r={6} cx={targetX} cy={targetY} className="flow-packet" />}
    </>
  );
}

export const PacketEdge = memo(PacketEdgeView);
