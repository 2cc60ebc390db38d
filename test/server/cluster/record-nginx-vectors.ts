/**
 * Records the ground truth for nginx-consistent-hash.test.ts from a real nginx on loopback:
 *
 *   npx tsx test/server/cluster/record-nginx-vectors.ts
 *
 * For each upstream list below it starts nginx with `hash $key consistent;` over that list, where
 * every upstream server is a tiny nginx server block answering its own port, then asks for each key
 * and prints which server answered. The ports must be free while it runs. Not a test itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, buildRing, parsePeer } from '../../../server/cluster/nginx-consistent-hash.js';

export const UPSTREAMS: string[][] = [
  ['127.0.0.1:3001', '127.0.0.1:3002'],
  ['127.0.0.1:3101', '127.0.0.1:3102 weight=2', '127.0.0.1:3103'],
  ['127.0.0.1:3201', '127.0.0.1:3202 down', '127.0.0.1:3203'],
];

const FIXED_KEYS = [
  'AAAAAAAAAAAAAAAAAAAAAA',
  'abcdefghijklmnopqrstuv',
  'ZYXWVUTSRQPONMLKJIHGFE',
  '0123456789-_0123456789',
  'Xq3vK9mP2rT7wY1zB5nL8c',
  'hJ4kD6fG0sA2qW8eR1tY3u',
  '_-_-_-_-_-_-_-_-_-_-_-',
  'sessionsessionsession1',
  'k',
  'Keripik-Tempe',
];

/** Base64url keys whose crc32 lies past the last point of `ring`, so the lookup wraps around. */
function wrappingKeys(peers: string[], count: number): string[] {
  const ring = buildRing(peers.map(parsePeer));
  const last = ring.hashes[ring.hashes.length - 1]!;
  const found: string[] = [];
  for (let i = 0; found.length < count; i++) {
    const key = Buffer.from(`wrap-${i}`).toString('base64url');
    if (crc32(key) > last) found.push(key);
  }
  return found;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function record(peers: string[], keys: string[]): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'gudang-chash-'));
  mkdirSync(join(dir, 'logs'));
  const servers = peers.map(parsePeer);
  const frontPort = 3999;
  const conf = `pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  map $uri $key { "~^/k/(.*)$" $1; default ""; }
  upstream up {
    hash $key consistent;
${peers.map((p) => `    server ${p};`).join('\n')}
  }
${servers.map((s) => `  server { listen ${s.server}; location / { return 200 "${s.server}"; } }`).join('\n')}
  server { listen 127.0.0.1:${frontPort}; location / { proxy_pass http://up; proxy_next_upstream off; } }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), conf);
  const nginx = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
  try {
    const result: Record<string, string> = {};
    for (let attempt = 0; ; attempt++) {
      try {
        await fetch(`http://127.0.0.1:${frontPort}/`);
        break;
      } catch (error) {
        if (attempt > 50) throw error;
        await sleep(100);
      }
    }
    for (const key of keys) result[key] = await (await fetch(`http://127.0.0.1:${frontPort}/k/${key}`)).text();
    return result;
  } finally {
    nginx.kill('SIGTERM');
    await new Promise((r) => nginx.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`// ${spawnSync('/usr/sbin/nginx', ['-v'], { encoding: 'utf8' }).stderr.trim()}`);
for (const peers of UPSTREAMS) {
  const keys = [...FIXED_KEYS, ...wrappingKeys(peers, 2)];
  console.log(JSON.stringify({ peers, expected: await record(peers, keys) }, null, 2) + ',');
}
