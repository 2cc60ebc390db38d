import { randomBytes } from 'node:crypto';
import { buildRing, parsePeer, peerIndexFor } from './nginx-consistent-hash.js';

/** 128 random bits, base64url (22 characters): unguessable, and short enough for a URL. */
export const randomSessionId = () => randomBytes(16).toString('base64url');

/** Draws per new id before giving up on the ring; with N equal instances one draw in N fits. */
export const MAX_DRAWS = 64;

export interface ClusterOptions {
  /** GUDANG_PEERS: the nginx upstream entries, in order, as written there (weights included). */
  peers?: readonly string[];
  /** GUDANG_SELF: this instance's entry among them (its address, e.g. "127.0.0.1:3001"). */
  self?: string;
  log?: (message: string) => void;
}

/**
 * The session id maker. A session lives in the memory of the instance that created it, and nginx
 * routes every later request by a consistent hash of the id; POST /api/sessions itself names no
 * session and goes round robin. So with `peers` and `self` set, the instance draws random ids
 * until nginx's ring maps one to itself. Without them, any random id.
 */
export function sessionIdMaker({ peers = [], self, log = console.warn }: ClusterOptions = {}): () => string {
  if (peers.length === 0 || !self) return randomSessionId;
  const ring = buildRing(peers.map(parsePeer));
  const selfServer = parsePeer(self).server;
  const selfIndex = ring.peers.findIndex((p) => p.server === selfServer);
  if (selfIndex < 0) {
    throw new Error(`GUDANG_SELF "${self}" is not among GUDANG_PEERS (${ring.peers.map((p) => p.server).join(', ')}); write it exactly as in the nginx upstream block`);
  }
  if (ring.peers[selfIndex]!.down) log(`GUDANG_SELF "${self}" is marked down in GUDANG_PEERS: nginx routes no session to it`);
  let warned = false;
  return () => {
    for (let draw = 0; draw < MAX_DRAWS; draw++) {
      const id = randomSessionId();
      if (peerIndexFor(id, ring) === selfIndex) return id;
    }
    if (!warned) {
      warned = true;
      log(`no session id out of ${MAX_DRAWS} draws hashes to GUDANG_SELF "${self}" on GUDANG_PEERS; using ids nginx may route elsewhere (logged once)`);
    }
    return randomSessionId();
  };
}
