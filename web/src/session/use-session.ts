import { createContext, useContext, useSyncExternalStore } from 'react';
import type { SessionClient } from './session-client.js';
import type { SessionState } from './session-state.js';

export const SessionClientContext = createContext<SessionClient | null>(null);

/** The page's session client and its state; components read the state and call the client's actions. */
export function useSession(): [SessionState, SessionClient] {
  const client = useContext(SessionClientContext);
  if (!client) throw new Error('useSession needs a SessionClientContext provider');
  return [useSyncExternalStore(client.subscribe, client.getState), client];
}
