import type { Language } from '../../../server/contract/lesson.js';
import type { Step } from '../../../server/contract/trace.js';
import { msWords, oneLine } from '../steps/step-kind.js';
import type { StepField } from './compare-traces.js';

const json = (value: unknown) => (value === undefined ? '—' : oneLine(JSON.stringify(value), 80));

/** What one run had for a field that differs, on one line (the inspector shows it whole). */
export function fieldValue(step: Step, field: StepField, language: Language): string {
  if (field === 'timing') return msWords(step.durationMs, language);
  switch (step.kind) {
    case 'receive':
      return `${step.data.method} ${step.data.url} ${json(step.data.body)}`;
    case 'middleware':
      return String(step.data.calledNext);
    case 'process':
      return json(step.data.params);
    case 'query': {
      const { data } = step;
      if (field === 'params') return json(data.params);
      if (field === 'rows') return `${data.rowCount} · ${json(data.rows)}`;
      if (field === 'rowsAffected') return String(data.rowsAffected);
      if (field === 'changes') return json(data.changes?.rows ?? []);
      return data.error ?? '—';
    }
    case 'log':
      return oneLine(step.data.message, 80);
    case 'external':
      return field === 'ok' ? String(step.data.ok) : json(field === 'request' ? step.data.request : step.data.response);
    case 'error':
      return `${step.data.code}: ${oneLine(step.data.message, 80)}`;
    case 'respond':
      return field === 'status' ? String(step.data.status) : oneLine(step.data.body, 80);
  }
}
