import { useCallback, useEffect, useState } from 'react';
import type { DatabaseSnapshot } from '../../../server/contract/api.js';
import { api } from '../api/client.js';

/** The session's tables; `refresh` is called after requests that wrote to them. */
export function useDatabase(sessionId: string | undefined, withSession: <T>(call: (id: string) => Promise<T>) => Promise<T>) {
  const [snapshot, setSnapshot] = useState<DatabaseSnapshot>();
  const [error, setError] = useState<string>();
  const refresh = useCallback(() => {
    withSession((id) => api.database(id)).then(
      (fresh) => {
        setSnapshot(fresh);
        setError(undefined);
      },
      (e: Error) => setError(e.message),
    );
  }, [withSession]);
  useEffect(() => {
    if (sessionId) refresh();
  }, [sessionId, refresh]);
  return { snapshot, error, refresh };
}
