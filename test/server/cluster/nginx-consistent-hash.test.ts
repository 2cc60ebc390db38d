import { describe, expect, it } from 'vitest';
import { buildRing, crc32, parsePeer, peerFor } from '../../../server/cluster/nginx-consistent-hash.js';
import { MAX_DRAWS, sessionIdMaker } from '../../../server/cluster/session-ids.js';

/**
 * Ground truth from a real nginx (nginx version: nginx/1.22.1, Debian) on loopback, recorded once with
 * `npx tsx test/server/cluster/record-nginx-vectors.ts`: nginx ran `hash $key consistent;` over each
 * upstream list, each upstream server answered with its own address, and these are the answers.
 * The last two keys of each list hash past the ring's last point, so nginx wraps to the first one.
 */
const NGINX_VECTORS: { peers: string[]; expected: Record<string, string> }[] = [
  {
    peers: ['127.0.0.1:3001', '127.0.0.1:3002'],
    expected: {
      AAAAAAAAAAAAAAAAAAAAAA: '127.0.0.1:3001',
      abcdefghijklmnopqrstuv: '127.0.0.1:3002',
      ZYXWVUTSRQPONMLKJIHGFE: '127.0.0.1:3001',
      '0123456789-_0123456789': '127.0.0.1:3001',
      Xq3vK9mP2rT7wY1zB5nL8c: '127.0.0.1:3002',
      hJ4kD6fG0sA2qW8eR1tY3u: '127.0.0.1:3001',
      '_-_-_-_-_-_-_-_-_-_-_-': '127.0.0.1:3002',
      sessionsessionsession1: '127.0.0.1:3002',
      k: '127.0.0.1:3002',
      'Keripik-Tempe': '127.0.0.1:3001',
      d3JhcC0yNDk4: '127.0.0.1:3002',
      d3JhcC0yNjg3: '127.0.0.1:3002',
    },
  },
  {
    peers: ['127.0.0.1:3101', '127.0.0.1:3102 weight=2', '127.0.0.1:3103'],
    expected: {
      AAAAAAAAAAAAAAAAAAAAAA: '127.0.0.1:3102',
      abcdefghijklmnopqrstuv: '127.0.0.1:3102',
      ZYXWVUTSRQPONMLKJIHGFE: '127.0.0.1:3102',
      '0123456789-_0123456789': '127.0.0.1:3102',
      Xq3vK9mP2rT7wY1zB5nL8c: '127.0.0.1:3103',
      hJ4kD6fG0sA2qW8eR1tY3u: '127.0.0.1:3102',
      '_-_-_-_-_-_-_-_-_-_-_-': '127.0.0.1:3101',
      sessionsessionsession1: '127.0.0.1:3102',
      k: '127.0.0.1:3101',
      'Keripik-Tempe': '127.0.0.1:3101',
      d3JhcC00Mg: '127.0.0.1:3103',
      d3JhcC02Mzk: '127.0.0.1:3103',
    },
  },
  {
    peers: ['127.0.0.1:3201', '127.0.0.1:3202 down', '127.0.0.1:3203'],
    expected: {
      AAAAAAAAAAAAAAAAAAAAAA: '127.0.0.1:3203',
      abcdefghijklmnopqrstuv: '127.0.0.1:3201',
      ZYXWVUTSRQPONMLKJIHGFE: '127.0.0.1:3203',
      '0123456789-_0123456789': '127.0.0.1:3201',
      Xq3vK9mP2rT7wY1zB5nL8c: '127.0.0.1:3201',
      hJ4kD6fG0sA2qW8eR1tY3u: '127.0.0.1:3201',
      '_-_-_-_-_-_-_-_-_-_-_-': '127.0.0.1:3201',
      sessionsessionsession1: '127.0.0.1:3203',
      k: '127.0.0.1:3203',
      'Keripik-Tempe': '127.0.0.1:3203',
      d3JhcC00Mg: '127.0.0.1:3201',
      d3JhcC0yNDc: '127.0.0.1:3201',
    },
  },
];

describe('nginx consistent hash ring', () => {
  it('crc32 is the IEEE crc32 nginx and zlib compute', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });

  for (const { peers, expected } of NGINX_VECTORS) {
    it(`maps keys like nginx does over ${peers.join(', ')}`, () => {
      const ring = buildRing(peers);
      for (const [key, server] of Object.entries(expected)) expect([key, peerFor(key, ring)]).toEqual([key, server]);
    });
  }

  it('gives each peer weight * 160 points and parses upstream entries as nginx writes them', () => {
    expect(buildRing(['127.0.0.1:3001', '127.0.0.1:3002 weight=3 max_fails=1']).hashes.length).toBe(640);
    expect(parsePeer('  10.0.0.5:3001   weight=2 max_fails=1 fail_timeout=10s; ')).toEqual({ server: '10.0.0.5:3001', weight: 2, down: false });
    expect(parsePeer('unix:/run/gudang.sock down')).toEqual({ server: 'unix:/run/gudang.sock', weight: 1, down: true });
    expect(() => parsePeer('127.0.0.1:3001 weight=0')).toThrow(/weight/);
  });

  it('spreads random ids about evenly over equal peers', () => {
    const ring = buildRing(['127.0.0.1:3001', '127.0.0.1:3002', '127.0.0.1:3003']);
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const server = peerFor(crypto.randomUUID(), ring)!;
      counts.set(server, (counts.get(server) ?? 0) + 1);
    }
    expect(counts.size).toBe(3);
    for (const n of counts.values()) expect(n).toBeGreaterThan(600);
  });
});

describe('session ids behind nginx', () => {
  const peers = ['127.0.0.1:3001 max_fails=1 fail_timeout=10s', '127.0.0.1:3002 max_fails=1 fail_timeout=10s', '127.0.0.1:3003'];

  it('without GUDANG_PEERS/GUDANG_SELF: any 22-character base64url id', () => {
    const ids = Array.from({ length: 50 }, sessionIdMaker());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).toBe(50);
  });

  it('with them: every id hashes to this instance, still 128 random bits', () => {
    for (const self of ['127.0.0.1:3001', '127.0.0.1:3003']) {
      const next = sessionIdMaker({ peers, self, log: () => expect.fail('no fallback expected') });
      const ids = Array.from({ length: 200 }, next);
      const ring = buildRing(peers);
      for (const id of ids) {
        expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(Buffer.from(id, 'base64url')).toHaveLength(16);
        expect(peerFor(id, ring)).toBe(self);
      }
      expect(new Set(ids).size).toBe(200);
    }
  });

  it('refuses a GUDANG_SELF that is not in GUDANG_PEERS', () => {
    expect(() => sessionIdMaker({ peers, self: 'localhost:3001' })).toThrow(/GUDANG_SELF "localhost:3001" is not among GUDANG_PEERS/);
  });

  it(`falls back to any id after ${MAX_DRAWS} draws, and says so once`, () => {
    const logged: string[] = [];
    const next = sessionIdMaker({ peers: ['127.0.0.1:3001', '127.0.0.1:3002 down'], self: '127.0.0.1:3002', log: (m) => logged.push(m) });
    const ids = Array.from({ length: 5 }, next);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(/marked down/);
    expect(logged[1]).toMatch(/no session id out of 64 draws/);
  });
});
