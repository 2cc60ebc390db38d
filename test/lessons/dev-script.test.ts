import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

/** A port nobody listens on right now (the machine is shared: never a fixed one). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('npm run dev', () => {
  it('serves the UI on PORT, proxied to the API on GUDANG_API_PORT, with lesson reload on', { timeout: 120_000 }, async () => {
    const [web, api] = [await freePort(), await freePort()];
    const dev = spawn(process.execPath, ['scripts/dev.mjs'], {
      env: { ...process.env, PORT: String(web), GUDANG_API_PORT: String(api), GUDANG_DEV_OUTDIR: 'test-results/dev-server' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    dev.stdout.on('data', (chunk) => (output += chunk));
    dev.stderr.on('data', (chunk) => (output += chunk));
    try {
      await expect.poll(async () => (await fetch(`http://localhost:${web}/api/lessons`).catch(() => null))?.status, { timeout: 90_000, interval: 500 }).toBe(200);
      expect(output).toContain(`Gudang is running at http://localhost:${api}`);
      expect(output).toContain('Lesson reload is on: saving a file in');
      // The lessons event stream is there too, through Vite's proxy.
      const events = await fetch(`http://localhost:${web}/api/lessons/events`);
      expect(events.headers.get('content-type')).toContain('text/event-stream');
      await events.body?.cancel();
    } finally {
      const exited = new Promise((resolve) => dev.once('exit', resolve));
      dev.kill('SIGTERM');
      await exited;
    }
  });
});
