import { useCallback, useEffect, useRef, useState } from 'react';
import { traceSchema, type Trace, type TraceSummary } from '../../../server/contract/trace.js';
import { api, sessionEventsUrl } from '../api/client.js';

const TRACE_LIMIT = 50;

const summarize = (trace: Trace): TraceSummary => {
  const { steps, ...rest } = trace;
  const error = steps.find((s) => s.kind === 'error');
  return { ...rest, stepCount: steps.length, queryCount: steps.filter((s) => s.kind === 'query').length, ...(error?.kind === 'error' ? { error: error.data.message } : {}) };
};

/**
 * The session's traces, newest first, kept current over Server-Sent Events (so curl from a
 * terminal shows up too). New learner traces open by themselves; check traces wait to be opened.
 */
export function useTraces(sessionId: string | undefined, sessionIsNew: boolean, onGone: () => void, onArrived: (trace: Trace) => void) {
  const [summaries, setSummaries] = useState<TraceSummary[]>([]);
  const [current, setCurrent] = useState<Trace>();
  const cache = useRef(new Map<string, Trace>());
  const callbacks = useRef({ onGone, onArrived });
  callbacks.current = { onGone, onArrived };

  useEffect(() => {
    if (!sessionId) return;
    cache.current.clear();
    setSummaries([]);
    setCurrent(undefined);
    let closed = false;
    api.traces(sessionId).then(
      ({ traces }) => !closed && setSummaries((live) => merge(live, traces)),
      () => undefined,
    );
    // A request sent right after the session was made can end before the stream opens: a new
    // session's stream replays from its first trace (reconnects resume by Last-Event-ID).
    const source = new EventSource(sessionEventsUrl(sessionId, sessionIsNew));
    source.addEventListener('trace', (event) => {
      const parsed = traceSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (!parsed.success) return;
      const trace = parsed.data;
      cache.current.set(trace.id, trace);
      setSummaries((old) => merge([summarize(trace)], old));
      if (trace.origin === 'learner') setCurrent(trace);
      callbacks.current.onArrived(trace);
    });
    // EventSource retries by itself; a stream that is closed for good means the session is gone.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED && !closed) callbacks.current.onGone();
    };
    return () => {
      closed = true;
      source.close();
    };
  }, [sessionId]); // eslint-disable-line react-hooks/exhaustive-deps -- sessionIsNew is read when the session changes

  const open = useCallback(
    async (traceId: string) => {
      const known = cache.current.get(traceId);
      if (known) return setCurrent(known);
      if (!sessionId) return;
      const trace = await api.trace(sessionId, traceId);
      cache.current.set(trace.id, trace);
      setCurrent(trace);
    },
    [sessionId],
  );

  return { summaries, current, open };
}

function merge(newer: TraceSummary[], older: TraceSummary[]): TraceSummary[] {
  const seen = new Set<string>();
  return [...newer, ...older].filter((t) => !seen.has(t.id) && seen.add(t.id)).slice(0, TRACE_LIMIT);
}
