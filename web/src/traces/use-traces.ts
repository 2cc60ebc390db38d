import { useCallback, useEffect, useRef, useState } from 'react';
import type { Trace, TraceSummary } from '../../../server/contract/trace.js';
import { api } from '../api/client.js';
import type { SessionClient } from '../session/session-client.js';

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
export function useTraces(client: SessionClient, sessionId: string | undefined, onArrived: (trace: Trace) => void) {
  const [summaries, setSummaries] = useState<TraceSummary[]>([]);
  const [current, setCurrent] = useState<Trace>();
  const cache = useRef(new Map<string, Trace>());
  const arrived = useRef(onArrived);
  arrived.current = onArrived;

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
    const stop = client.traceEvents(sessionId, (trace) => {
      cache.current.set(trace.id, trace);
      setSummaries((old) => merge([summarize(trace)], old));
      if (trace.origin === 'learner') setCurrent(trace);
      arrived.current(trace);
    });
    return () => {
      closed = true;
      stop();
    };
  }, [client, sessionId]);

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
