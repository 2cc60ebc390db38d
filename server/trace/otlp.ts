import { createHash } from 'node:crypto';
import type { Step, Trace } from '../contract/trace.js';

/** An OTLP/JSON attribute value: int64 goes as a decimal string, as the OTLP JSON mapping says. */
type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean };
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface OtlpEvent {
  timeUnixNano: string;
  name: string;
  attributes: KeyValue[];
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KeyValue[];
  events?: OtlpEvent[];
  status: { code: number; message?: string };
}
export interface OtlpExport {
  resourceSpans: { resource: { attributes: KeyValue[] }; scopeSpans: { scope: { name: string; version: string }; spans: OtlpSpan[] }[] }[];
}

/** opentelemetry.proto.trace.v1.Span.SpanKind and Status.StatusCode. */
const KIND = { internal: 1, server: 2, client: 3 } as const;
const STATUS = { unset: 0, error: 2 } as const;

type Attr = [string, string | number | boolean | undefined];
const attributes = (pairs: Attr[]): KeyValue[] =>
  pairs.flatMap(([key, v]): KeyValue[] => {
    if (v === undefined) return [];
    if (typeof v === 'boolean') return [{ key, value: { boolValue: v } }];
    if (typeof v === 'number') return [{ key, value: { intValue: String(Math.trunc(v)) } }];
    return [{ key, value: { stringValue: v } }];
  });

/** 32 hex digits: a Gudang trace id is a UUID, so its hex digits are the trace id; anything else is hashed. */
export function otlpTraceId(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(hex) && !/^0+$/.test(hex) ? hex : createHash('sha256').update(id).digest('hex').slice(0, 32);
}

/** 16 hex digits, the same every time the trace is exported, so two exports of one trace agree. */
const spanId = (traceId: string, which: string) => createHash('sha256').update(`${traceId}/${which}`).digest('hex').slice(0, 16);

/** ms since the trace began → nanoseconds since the epoch, as a decimal string (beyond 2^53, so BigInt). */
const nanos = (startNs: bigint, ms: number) => (startNs + BigInt(Math.round(ms * 1e6))).toString();

/** The step's name in a trace viewer's span list. */
function spanName(step: Step): string {
  switch (step.kind) {
    case 'receive':
      return 'receive';
    case 'middleware':
      return `middleware ${step.data.name}`;
    case 'process':
      return `handler ${step.data.method} ${step.data.pattern}`;
    case 'query':
      return `${step.data.sql.trim().split(/\s+/)[0]?.toUpperCase() ?? 'query'} sqlite`;
    case 'external':
      return `${step.data.service} ${step.data.operation}`;
    case 'log':
      return 'log';
    case 'error':
      return `error ${step.data.code}`;
    case 'respond':
      return 'respond';
  }
}

/** Each stage's data as semantic-convention attributes (https://opentelemetry.io/docs/specs/semconv/), Gudang's own under `gudang.`. */
function stepAttributes(step: Step): Attr[] {
  // code.lineno is the older name that current tools still show; code.line.number is its successor.
  const common: Attr[] = [
    ['gudang.step.kind', step.kind],
    ['gudang.step.node', step.node],
    ['code.lineno', step.line],
    ['code.line.number', step.line],
  ];
  switch (step.kind) {
    case 'receive':
      return [
        ...common,
        ['http.request.method', step.data.method],
        ['url.path', step.data.path],
        ['http.request.body.size', step.data.rawBody === null ? undefined : Buffer.byteLength(step.data.rawBody)],
      ];
    case 'middleware':
      return [...common, ['gudang.middleware.name', step.data.name], ['http.route', step.data.pattern], ['gudang.middleware.called_next', step.data.calledNext]];
    case 'process':
      return [...common, ['http.request.method', step.data.method], ['http.route', step.data.pattern]];
    case 'query':
      return [
        ...common,
        ['db.system.name', 'sqlite'],
        ['db.query.text', step.data.sql],
        ['db.operation.name', step.data.sql.trim().split(/\s+/)[0]?.toUpperCase()],
        ['db.response.returned_rows', step.data.method === 'query' ? step.data.rowCount : undefined],
        ['gudang.db.rows_affected', step.data.method === 'run' ? step.data.rowsAffected : undefined],
        ['error.type', step.data.error === undefined ? undefined : 'sqlite_error'],
      ];
    case 'external':
      return [...common, ['peer.service', step.data.service], ['rpc.method', step.data.operation], ['gudang.external.simulated_latency_ms', step.data.latencyMs]];
    case 'log':
      return [...common, ['log.record.original', step.data.message], ['gudang.log.level', step.data.level]];
    case 'error':
      return [...common, ['error.type', step.data.code], ['exception.message', step.data.message]];
    case 'respond':
      return [...common, ['http.response.status_code', step.data.status], ['http.response.body.size', step.data.size], ['gudang.response.content_type', step.data.contentType ?? undefined]];
  }
}

/** Why a step failed, for its span's status, or undefined when it did not. */
function stepError(step: Step): string | undefined {
  if (step.kind === 'error') return step.data.message;
  if (step.kind === 'query') return step.data.error;
  if (step.kind === 'external' && !step.data.ok) return `${step.data.service} ${step.data.operation} failed`;
  return undefined;
}

/**
 * A trace as an OTLP/JSON ExportTraceServiceRequest (what an OTLP/HTTP collector accepts, and Jaeger
 * loads): a root span for the request, SERVER kind, with one child span per step. Pure.
 */
export function traceToOtlp(trace: Trace): OtlpExport {
  const traceId = otlpTraceId(trace.id);
  const rootId = spanId(traceId, 'root');
  const startNs = BigInt(Date.parse(trace.startedAt)) * 1_000_000n;
  const handler = trace.steps.find((s) => s.kind === 'process');
  const receive = trace.steps.find((s) => s.kind === 'receive');
  const failed = trace.steps.find((s) => s.kind === 'error');
  const startup = trace.origin === 'startup';

  const children = trace.steps.map((step): OtlpSpan => {
    const error = stepError(step);
    const span: OtlpSpan = {
      traceId,
      spanId: spanId(traceId, String(step.seq)),
      parentSpanId: rootId,
      name: spanName(step),
      kind: step.kind === 'query' || step.kind === 'external' ? KIND.client : KIND.internal,
      startTimeUnixNano: nanos(startNs, step.startMs),
      endTimeUnixNano: nanos(startNs, step.startMs + step.durationMs),
      attributes: attributes(stepAttributes(step)),
      status: error === undefined ? { code: STATUS.unset } : { code: STATUS.error, message: error },
    };
    if (step.kind === 'error') {
      span.events = [
        {
          timeUnixNano: span.startTimeUnixNano,
          name: 'exception',
          attributes: attributes([
            ['exception.type', step.data.code],
            ['exception.message', step.data.message],
          ]),
        },
      ];
    }
    return span;
  });

  const route = handler?.kind === 'process' ? handler.data.pattern : undefined;
  const root: OtlpSpan = {
    traceId,
    spanId: rootId,
    // The semantic conventions name an HTTP server span `{method} {route}`, or just the method when no route matched.
    name: startup ? 'start-up' : route ? `${trace.method} ${route}` : trace.method,
    kind: startup ? KIND.internal : KIND.server,
    startTimeUnixNano: nanos(startNs, 0),
    endTimeUnixNano: nanos(startNs, trace.durationMs),
    attributes: attributes(
      startup
        ? [['gudang.trace.origin', trace.origin]]
        : [
            ['http.request.method', trace.method],
            ['url.path', receive?.kind === 'receive' ? receive.data.path : trace.url],
            ['url.query', receive?.kind === 'receive' && trace.url.includes('?') ? trace.url.slice(trace.url.indexOf('?') + 1) : undefined],
            ['http.route', route],
            ['http.response.status_code', trace.status],
            ['error.type', trace.status >= 500 ? String(trace.status) : undefined],
            ['gudang.trace.origin', trace.origin],
          ],
    ),
    // A server span is an error for a 5xx only (a 4xx is the client's); start-up fails with an error step.
    status: trace.status >= 500 || (startup && failed) ? { code: STATUS.error, ...(failed?.kind === 'error' ? { message: failed.data.message } : {}) } : { code: STATUS.unset },
  };

  return {
    resourceSpans: [
      {
        resource: {
          attributes: attributes([
            ['service.name', 'gudang-learner-app'],
            ['gudang.session.id', trace.sessionId],
          ]),
        },
        scopeSpans: [{ scope: { name: 'gudang', version: '0.1.0' }, spans: [root, ...children] }],
      },
    ],
  };
}
