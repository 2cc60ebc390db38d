import type { Failure } from '../contract/failure.js';
import { failureText } from '../contract/failure-words.js';
import type { NodeId, Step, StepOf, Trace } from '../contract/trace.js';
import type { Position, SandboxEvent } from '../sandbox/sandbox-types.js';

export interface TraceInput {
  id: string;
  sessionId: string;
  /** Absolute ms (performance.timeOrigin + performance.now()) when Express received the request. */
  receivedAt: number;
  /** When the request was handed to the sandbox, or null when it never was (a bad request). */
  dispatchedAt: number | null;
  receive: StepOf<'receive'>['data'];
  /** Problems found before the learner's code ran, such as a malformed body. */
  rejection?: Failure;
  events: SandboxEvent[];
  response: StepOf<'respond'>['data'];
  respondedAt: number;
  origin?: 'learner' | 'check' | 'solution';
  /** Maps a position in the compiled code to the learner's line. */
  lineOf: (position: Position | undefined) => number | undefined;
}

/** A step before it is numbered. */
type Draft = Step extends infer S ? (S extends Step ? Omit<S, 'seq'> : never) : never;

const ms = (value: number) => Math.max(0, Math.round(value * 1000) / 1000);

/**
 * Turns what happened (Express's view + the sandbox's events) into the ordered steps the diagram
 * replays. Pure: no clock, no I/O. Simulated service latency is added to the timeline, so later
 * steps start after the simulated call returned.
 */
export function buildTrace(input: TraceInput): Trace {
  const { receivedAt, lineOf } = input;
  const steps: Draft[] = [];
  const at = (t: number) => ms(t - receivedAt);

  steps.push({
    kind: 'receive',
    node: 'express',
    startMs: 0,
    durationMs: ms((input.dispatchedAt ?? input.respondedAt) - receivedAt),
    data: input.receive,
  });
  if (input.rejection) {
    steps.push({
      kind: 'error',
      node: 'express',
      startMs: at(input.respondedAt),
      durationMs: 0,
      data: { ...input.rejection, message: failureText(input.rejection, 'en'), stack: [] },
    });
  }

  eventSteps(input.events, receivedAt, input.respondedAt, lineOf, steps);

  steps.push({ kind: 'respond', node: 'response', startMs: at(input.respondedAt + serviceLatency(input.events)), durationMs: 0, data: input.response });
  const ordered = numbered(steps);
  const last = ordered[ordered.length - 1]!;
  return {
    id: input.id,
    sessionId: input.sessionId,
    startedAt: new Date(receivedAt).toISOString(),
    method: input.receive.method,
    url: input.receive.url,
    status: input.response.status,
    durationMs: ms(last.startMs + last.durationMs),
    origin: input.origin ?? 'learner',
    steps: ordered,
  };
}

export interface StartupTraceInput {
  id: string;
  sessionId: string;
  /** Absolute ms when start-up began and ended. */
  startedAt: number;
  endedAt: number;
  events: SandboxEvent[];
  ok: boolean;
  lineOf: (position: Position | undefined) => number | undefined;
}

/**
 * Start-up (the code's top level, run when it is loaded) as a trace the learner steps through like
 * a request: its queries, logs and errors. It has no request or response, so no receive or respond step.
 */
export function buildStartupTrace(input: StartupTraceInput): Trace {
  const steps: Draft[] = [];
  eventSteps(input.events, input.startedAt, input.endedAt, input.lineOf, steps);
  const ordered = numbered(steps);
  return {
    id: input.id,
    sessionId: input.sessionId,
    startedAt: new Date(input.startedAt).toISOString(),
    method: 'START',
    url: '(start-up)',
    status: input.ok ? 200 : 500,
    durationMs: ms(input.endedAt - input.startedAt + serviceLatency(input.events)),
    origin: 'startup',
    steps: ordered,
  };
}

const numbered = (steps: Draft[]): Step[] => steps.sort((a, b) => a.startMs - b.startMs).map((step, seq) => ({ ...step, seq }) as Step);

/** Simulated service latency is not waited for, but the timeline shows it. */
const serviceLatency = (events: SandboxEvent[]) => events.reduce((sum, e) => (e.type === 'external' ? sum + e.durationMs : sum), 0);

/** The steps the sandbox's events stand for, appended to `steps`; times are relative to `startAt`. */
function eventSteps(events: SandboxEvent[], startAt: number, endedAt: number, lineOf: (position: Position | undefined) => number | undefined, steps: Draft[]) {
  let shift = 0;
  const at = (t: number) => ms(t + shift - startAt);
  const line = (position: Position | undefined) => lineOf(position);
  const open = new Map<number, { step: Extract<Draft, { kind: 'middleware' | 'process' }>; startedAt: number }>();
  const layerStack: NodeId[] = [];
  const currentNode = (): NodeId => layerStack[layerStack.length - 1] ?? 'handler';

  for (const event of events) {
    switch (event.type) {
      case 'enter': {
        const node: NodeId = event.layer.kind === 'middleware' ? `middleware:${event.layer.index}` : 'handler';
        const step: Extract<Draft, { kind: 'middleware' | 'process' }> =
          event.layer.kind === 'middleware'
            ? {
                kind: 'middleware' as const,
                node,
                startMs: at(event.t),
                durationMs: 0,
                line: line(event.at),
                data: { index: event.layer.index, name: event.layer.name, pattern: event.layer.pattern === '/' ? undefined : event.layer.pattern, calledNext: false },
              }
            : {
                kind: 'process' as const,
                node,
                startMs: at(event.t),
                durationMs: 0,
                line: line(event.at),
                data: { method: event.layer.method, pattern: event.layer.pattern, params: event.layer.params },
              };
        steps.push(step);
        open.set(event.id, { step, startedAt: event.t + shift });
        layerStack.push(node);
        break;
      }
      case 'leave': {
        const entry = open.get(event.id);
        if (!entry) break;
        entry.step.durationMs = ms(event.t + shift - entry.startedAt);
        if (entry.step.kind === 'middleware') entry.step.data.calledNext = entry.step.data.calledNext || event.calledNext;
        open.delete(event.id);
        const index = layerStack.lastIndexOf(entry.step.node);
        if (index !== -1) layerStack.splice(index, 1);
        break;
      }
      case 'query': {
        const { type: _type, t, at: position, durationMs, ...data } = event;
        steps.push({ kind: 'query', node: 'database', startMs: at(t), durationMs: ms(durationMs), line: line(position), data });
        break;
      }
      case 'log':
        steps.push({ kind: 'log', node: currentNode(), startMs: at(event.t), durationMs: 0, line: line(event.at), data: { message: event.message, ...(event.level ? { level: event.level } : {}) } });
        break;
      case 'external': {
        steps.push({
          kind: 'external',
          node: `service:${event.service}`,
          startMs: at(event.t),
          durationMs: ms(event.durationMs),
          line: line(event.at),
          data: { service: event.service, operation: event.operation, request: event.request, response: event.response, ok: event.ok, latencyMs: event.durationMs },
        });
        shift += event.durationMs;
        break;
      }
      case 'error': {
        const stack = event.frames.map((f) => ({ fn: f.fn && f.fn !== '<anonymous>' && f.fn !== '<eval>' ? f.fn : null, line: lineOf([f.line, f.column]) ?? f.line }));
        const position = event.at ?? (event.frames[0] ? [event.frames[0].line, event.frames[0].column] : undefined);
        // A wrong method is Express's routing, not any layer of the learner's code.
        const node = event.failure.code === 'wrong_method' ? 'express' : currentNode();
        steps.push({ kind: 'error', node, startMs: at(event.t), durationMs: 0, line: line(position), data: { ...event.failure, message: failureText(event.failure, 'en'), stack } });
        break;
      }
      case 'respond':
        break;
      default:
        unhandled(event);
    }
  }
  for (const { step, startedAt } of open.values()) step.durationMs = ms(endedAt + shift - startedAt);
}

/** A sandbox event without a case above does not compile: each kind of event becomes its step here or nowhere. */
function unhandled(event: never): never {
  throw new Error(`no step for sandbox event ${JSON.stringify(event)}`);
}
