/**
 * nginx's `hash <key> consistent;` ring (ngx_http_upstream_hash_module.c, ketama-style, compatible
 * with Cache::Memcached::Fast), so an instance can tell which upstream server nginx sends a key to.
 *
 * - Each peer `server` string (as written in the upstream block, e.g. "127.0.0.1:3001") is split at
 *   its last ':' when only digits follow it ("unix:" paths have no port; a name without a numeric
 *   port is all host). Its base is crc32 of host + "\0" + port.
 * - The peer gets weight * 160 points; point j is crc32(base continued with the previous point's
 *   hash as 4 little-endian bytes), the first continuing with 0.
 * - All points are sorted by hash (equal hashes keep one point).
 * - A key goes to the first point whose hash is >= crc32(key), wrapping to the first point. When
 *   that point's peer is `down`, nginx walks on to the next points.
 *
 * Not modelled: peers nginx is currently avoiding after failures (max_fails) — a request is then
 * retried on the next points, as for `down` — and a name that resolves to several addresses.
 */

export interface Peer {
  /** The address exactly as written after `server` in the upstream block. */
  server: string;
  weight: number;
  down: boolean;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Continues a crc32 register (not yet finalized, i.e. before the final XOR) over `bytes`. */
function crcUpdate(register: number, bytes: Uint8Array): number {
  let c = register;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

const CRC_INIT = 0xffffffff;
const crcFinal = (register: number) => (register ^ 0xffffffff) >>> 0;
const utf8 = (text: string) => new TextEncoder().encode(text);

/** crc32 (IEEE, as zlib and ngx_crc32_long compute it) of the UTF-8 bytes of `text`. */
export const crc32 = (text: string): number => crcFinal(crcUpdate(CRC_INIT, utf8(text)));

/**
 * One upstream entry as written in nginx ("127.0.0.1:3001 weight=2 max_fails=1"): the address,
 * its weight (default 1) and whether it is marked `down`; other parameters are ignored.
 */
export function parsePeer(entry: string): Peer {
  const [server, ...params] = entry.trim().replace(/;$/, '').trim().split(/\s+/);
  if (!server) throw new Error(`empty upstream entry "${entry}"`);
  let weight = 1;
  let down = false;
  for (const param of params) {
    if (param === 'down') down = true;
    const w = /^weight=(\d+)$/.exec(param);
    if (w) weight = Number(w[1]);
  }
  if (!Number.isInteger(weight) || weight < 1) throw new Error(`upstream entry "${entry}": weight must be a positive integer`);
  return { server, weight, down };
}

/** host and port as nginx splits the server string for the ring. */
function hostAndPort(server: string): [string, string] {
  if (server.slice(0, 5).toLowerCase() === 'unix:') return [server.slice(5), ''];
  const match = /^(.*):(\d*)$/s.exec(server);
  return match ? [match[1]!, match[2]!] : [server, ''];
}

export interface Ring {
  hashes: Uint32Array;
  /** Index into the peer list, per point. */
  owners: Uint16Array;
  peers: Peer[];
}

/** Builds the ring exactly as ngx_http_upstream_init_chash does. */
export function buildRing(peerList: readonly (Peer | string)[]): Ring {
  const peers = peerList.map((p) => (typeof p === 'string' ? parsePeer(p) : p));
  if (peers.length === 0) throw new Error('the upstream list is empty');
  const points: { hash: number; owner: number }[] = [];
  const prev = new Uint8Array(4);
  const prevView = new DataView(prev.buffer);
  peers.forEach((peer, owner) => {
    const [host, port] = hostAndPort(peer.server);
    const base = crcUpdate(crcUpdate(crcUpdate(CRC_INIT, utf8(host)), new Uint8Array([0])), utf8(port));
    prevView.setUint32(0, 0, true);
    for (let j = 0; j < peer.weight * 160; j++) {
      const hash = crcFinal(crcUpdate(base, prev));
      points.push({ hash, owner });
      prevView.setUint32(0, hash, true);
    }
  });
  points.sort((a, b) => a.hash - b.hash);
  const unique = points.filter((p, i) => i === 0 || p.hash !== points[i - 1]!.hash);
  return { hashes: Uint32Array.from(unique, (p) => p.hash), owners: Uint16Array.from(unique, (p) => p.owner), peers };
}

/** The peer index nginx picks for `key` on `ring` (ngx_http_upstream_find_chash_point + get_chash_peer). */
export function peerIndexFor(key: string, ring: Ring): number {
  const hash = crc32(key);
  const { hashes, owners, peers } = ring;
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hashes[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  for (let tries = 0; tries < hashes.length; tries++) {
    const owner = owners[(lo + tries) % hashes.length]!;
    if (!peers[owner]!.down) return owner;
  }
  return -1;
}

/** The server string (as written in the upstream block) that nginx's consistent hash picks for `key`. */
export function peerFor(key: string, peers: readonly (Peer | string)[] | Ring): string | undefined {
  const ring = 'hashes' in peers ? peers : buildRing(peers);
  return ring.peers[peerIndexFor(key, ring)]?.server;
}
