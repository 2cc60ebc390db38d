import type { Lesson } from '../../../server/contract/lesson.js';
import type { Translate } from '../i18n/i18n-context.js';
import type { DiagramNode } from './flow-graph.js';

// Plain symbols: colour emoji fonts are often missing on classroom Linux machines.
export const ICONS: Record<DiagramNode['role'], string> = { client: '▭', express: '⇥', middleware: '⛉', handler: 'ƒ', database: '⛁', service: '☁', response: '↩' };

/** A box's name on the diagram: the lesson's label for a service, else its role's word. */
export function nodeLabel(node: DiagramNode, t: Translate, serviceLabels: Record<string, string>): string {
  if (node.role === 'service' && node.detail && serviceLabels[node.detail]) return serviceLabels[node.detail]!;
  const labels: Record<DiagramNode['role'], string> = {
    client: t('nodeClient'),
    express: t('nodeExpress'),
    middleware: t('nodeMiddleware'),
    handler: t('nodeHandler'),
    database: t('nodeDatabase'),
    service: t('service'),
    response: t('nodeResponse'),
  };
  return labels[node.role];
}

/** A box named in a sentence: "Middleware requireUser", "Payment gateway". */
export const nodeName = (node: DiagramNode, t: Translate, serviceLabels: Record<string, string>): string => {
  const label = nodeLabel(node, t, serviceLabels);
  return node.role === 'middleware' && node.detail ? `${label} ${node.detail}` : label;
};

/** The lesson's names for its services' boxes ("Payment gateway"), by service name. */
export const serviceLabelsOf = (lesson: Pick<Lesson, 'services'> | undefined): Record<string, string> =>
  Object.fromEntries((lesson?.services ?? []).flatMap((s) => (s.label ? [[s.name, s.label]] : [])));
