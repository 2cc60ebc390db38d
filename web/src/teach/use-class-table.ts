import { useEffect, useState } from 'react';
import type { ClassTable } from '../../../server/contract/classes.js';
import { parseTable, teachApi } from './teach-api.js';

export type TableFeed = { table?: ClassTable; connection: 'connecting' | 'live' | 'reconnecting' | 'gone' };

/** The class table, live: the server sends it whole at once and whenever it changes (SSE). */
export function useClassTable(code: string): TableFeed {
  const [feed, setFeed] = useState<TableFeed>({ connection: 'connecting' });
  useEffect(() => {
    const source = new EventSource(teachApi.eventsUrl(code));
    source.addEventListener('table', (event) => {
      let data: unknown;
      try {
        data = JSON.parse(String((event as MessageEvent).data));
      } catch {
        return;
      }
      const table = parseTable(data);
      if (table) setFeed({ table, connection: 'live' });
    });
    // The class was deleted or the login ended: the stream says so once and is not retried.
    source.addEventListener('gone', () => {
      source.close();
      setFeed((old) => ({ ...old, connection: 'gone' }));
    });
    source.onerror = () => setFeed((old) => (old.connection === 'gone' ? old : { ...old, connection: source.readyState === EventSource.CLOSED ? 'gone' : 'reconnecting' }));
    return () => source.close();
  }, [code]);
  return feed;
}
