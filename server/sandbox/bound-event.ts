import { boundValue, clipText, TRACE_TEXT_CHARS, TRACE_VALUE_BOUNDS } from '../limits/bounds.js';
import { ERROR_CHARS } from './outcomes.js';
import type { SandboxEvent } from './sandbox-types.js';

/** Rows kept in the trace per query; the learner's code always gets every row. */
export const TRACE_ROWS = 50;

/** An event as kept in a trace: text and values cut to their bounds (the learner's code saw them whole). */
export function boundEvent(event: SandboxEvent): SandboxEvent {
  const text = (value: string) => clipText(value, TRACE_TEXT_CHARS);
  const value = (v: unknown) => boundValue(v, TRACE_VALUE_BOUNDS);
  switch (event.type) {
    case 'query':
      return {
        ...event,
        sql: text(event.sql),
        params: value(event.params),
        columns: event.columns.slice(0, TRACE_VALUE_BOUNDS.keys).map(text),
        rows: event.rows.slice(0, TRACE_ROWS).map((row) => value(row) as Record<string, unknown>),
        ...(event.error === undefined ? {} : { error: clipText(event.error, ERROR_CHARS) }),
        ...(event.plan === undefined ? {} : { plan: event.plan.slice(0, 100).map(text) }),
      };
    case 'log':
      return { ...event, message: text(event.message) };
    case 'external':
      return { ...event, service: clipText(event.service, 100), operation: clipText(event.operation, 100), request: value(event.request), response: value(event.response) };
    case 'error': {
      const { failure } = event;
      const params = 'detail' in failure.params ? { ...failure.params, detail: clipText(failure.params.detail, ERROR_CHARS) } : failure.params;
      return { ...event, failure: { ...failure, params } as typeof failure, frames: event.frames.slice(0, 20) };
    }
    case 'respond':
      return { ...event, headers: event.headers.slice(0, TRACE_VALUE_BOUNDS.items), body: text(event.body) };
    case 'enter':
      return { ...event, layer: value(event.layer) as typeof event.layer };
    case 'leave':
      return event;
  }
}
