import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { Reach } from './flow-graph.js';

export type FlowNodeData = {
  label: string;
  detail?: string;
  reach: Reach;
  reachText: string;
  icon: string;
  /** Its key while "what comes next?" waits for a pick. */
  number?: number;
  /** After a pick: the learner's wrong pick, or where the request really went, with its words. */
  pick?: 'wrong' | 'answer';
  pickText?: string;
  shake?: boolean;
};
export type GudangFlowNode = Node<FlowNodeData, 'stage'>;

/** A stage of the request's journey. Reach is shown by outline, weight and a word, not by colour alone. */
function FlowNodeView({ data }: NodeProps<GudangFlowNode>) {
  return (
    <div
      className={`flow-node flow-node--${data.reach}${data.pick ? ` flow-node--pick-${data.pick}` : ''}${data.shake ? ' flow-node--shake' : ''}${data.number ? ' flow-node--pickable' : ''}`}
      role="group"
      aria-label={`${data.number ? `${data.number} ` : ''}${data.label}${data.detail ? ` ${data.detail}` : ''}: ${data.reachText}${data.pickText ? `, ${data.pickText}` : ''}`}
    >
      {data.number !== undefined && (
        <span className="flow-node__number" aria-hidden="true">
          {data.number}
        </span>
      )}
      <Handle type="target" position={Position.Left} id="left" isConnectable={false} />
      <Handle type="source" position={Position.Right} id="right" isConnectable={false} />
      <Handle type="source" position={Position.Top} id="top" isConnectable={false} />
      <Handle type="target" position={Position.Bottom} id="bottom" isConnectable={false} />
      <Handle type="target" position={Position.Top} id="top-in" isConnectable={false} />
      <Handle type="source" position={Position.Bottom} id="bottom-out" isConnectable={false} />
      <span className="flow-node__icon" aria-hidden="true">
        {data.icon}
      </span>
      <span className="flow-node__text">
        <span className="flow-node__label">{data.label}</span>
        {data.detail && <span className="flow-node__detail">{data.detail}</span>}
        <span className="flow-node__reach">{data.pickText ? `${data.pick === 'wrong' ? '✗' : '✓'} ${data.pickText}` : data.reachText}</span>
      </span>
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);
