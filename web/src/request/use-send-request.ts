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

/** Reaches the learner's app at `path`; a session the server forgot is renewed and the request sent again. */
export type SandboxFetch = (path: string, init: RequestInit) => Promise<Response>;

/** Sends the panel's request to the learner's app, once there is a session (`ready`). */
export function useSendRequest(ready: boolean, sandboxFetch: SandboxFetch) {
  const [response, setResponse] = useState<ResponseView>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [history, setHistory] = useState<HistoryEntry[]>(() => storedHistory.get() ?? []);

  const send = useCallback(
    async (draft: RequestDraft) => {
      if (!ready) return;
      setSending(true);
      setError(undefined);
      try {
        const answer = await sendOnce(draft, sandboxFetch);
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
    [ready, sandboxFetch],
  );

  return { send, response, sending, error, history };
}

async function sendOnce(draft: RequestDraft, sandboxFetch: SandboxFetch): Promise<ResponseView> {
  const request = buildRequest(draft, '');
  const started = performance.now();
  const answer = await sandboxFetch(request.url, { method: request.method, headers: request.headers, body: request.body, cache: cacheModeFor(request) });
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
