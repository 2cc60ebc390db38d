import { useCallback, useEffect, useState } from 'react';
import type { DatabaseSnapshot } from '../../../server/contract/api.js';
import { api } from '../api/client.js';
import type { SessionCall } from '../session/session-client.js';

/** The session's tables; `refresh` is called after requests that wrote to them, `resetData` puts the sample data back. */
export function useDatabase(sessionId: string | undefined, call: SessionCall) {
  const [snapshot, setSnapshot] = useState<DatabaseSnapshot>();
  const [error, setError] = useState<string>();
  const [dataReset, setDataReset] = useState(false);
  /** True while a refresh is on its way: the snapshot may not yet hold the newest request's writes. */
  const [loading, setLoading] = useState(false);
  const refresh = useCallback(() => {
    setLoading(true);
    call((id) => api.database(id))
      .then(
        (fresh) => {
          setSnapshot(fresh);
          setError(undefined);
        },
        (e: Error) => setError(e.message),
      )
      .finally(() => setLoading(false));
  }, [call]);
  useEffect(() => {
    if (sessionId) refresh();
    setDataReset(false);
  }, [sessionId, refresh]);
  const resetData = useCallback(async () => {
    try {
      await call((id) => api.resetData(id));
      setDataReset(true);
      refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }, [call, refresh]);
  return { snapshot, error, loading, refresh, resetData, dataReset };
}
