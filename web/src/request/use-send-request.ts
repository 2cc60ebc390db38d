import { useCallback, useState } from 'react';
import { z } from 'zod';
import { storedValue } from '../app/stored-state.js';
import { buildRequest, cacheModeFor, requestDraftSchema, type RequestDraft } from './request-draft.js';

export interface ResponseView {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
  contentType: string | null;
  timeMs: number;
  size: number;
}

const historyEntrySchema = z.object({ draft: requestDraftSchema, status: z.number().int(), at: z.string() });
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
const HISTORY_LIMIT = 30;
const storedHistory = storedValue('request-history', z.array(historyEntrySchema));

/**
 * Sends the panel's request to the learner's app. `sandboxBase` may turn out stale (the server
 * forgot the session): `recover` then gives a fresh base, and the request is sent once more.
 */
export function useSendRequest(sandboxBase: string | undefined, recover: () => Promise<string | undefined>) {
  const [response, setResponse] = useState<ResponseView>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [history, setHistory] = useState<HistoryEntry[]>(() => storedHistory.get() ?? []);

  const send = useCallback(
    async (draft: RequestDraft) => {
      if (!sandboxBase) return;
      setSending(true);
      setError(undefined);
      try {
        let answer = await sendOnce(draft, sandboxBase);
        if (answer.status === 404) {
          const fresh = await recover();
          if (fresh && fresh !== sandboxBase) answer = await sendOnce(draft, fresh);
        }
        setResponse(answer);
        setHistory((old) => {
          const next = [{ draft, status: answer.status, at: new Date().toISOString() }, ...old].slice(0, HISTORY_LIMIT);
          storedHistory.set(next);
          return next;
        });
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setSending(false);
      }
    },
    [sandboxBase, recover],
  );

  /** Forgets the last answer (another lesson's app gave it); the history stays. */
  const clear = useCallback(() => {
    setResponse(undefined);
    setError(undefined);
  }, []);

  return { send, clear, response, sending, error, history };
}

async function sendOnce(draft: RequestDraft, base: string): Promise<ResponseView> {
  const request = buildRequest(draft, base);
  const started = performance.now();
  const answer = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, cache: cacheModeFor(request) });
  const bytes = await answer.arrayBuffer();
  const timeMs = performance.now() - started;
  return {
    status: answer.status,
    statusText: answer.statusText,
    headers: [...answer.headers],
    body: new TextDecoder().decode(bytes),
    contentType: answer.headers.get('content-type'),
    timeMs,
    size: bytes.byteLength,
  };
}
