import { useEffect, useState } from 'react';
import type { SharedTrace } from '../../../server/contract/share.js';
import { ApiError } from '../api/api-error.js';
import { shareApi } from './share-api.js';

/** What opening a link gave: the trace, or why not (410: it expired; 404: no such link). */
export type SharedState = { state: 'loading' } | { state: 'open'; shared: SharedTrace } | { state: 'gone'; status: number; message: string };

export function useSharedTrace(shareId: string): SharedState {
  const [shared, setShared] = useState<SharedState>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    shareApi.shared(shareId).then(
      (answer) => current && setShared({ state: 'open', shared: answer }),
      (e: Error) => current && setShared({ state: 'gone', status: e instanceof ApiError ? e.status : 0, message: e.message }),
    );
    return () => {
      current = false;
    };
  }, [shareId]);
  return shared;
}
