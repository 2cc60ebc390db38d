/**
 * The scale-out check in the normal suite: runs scripts/scale-out-test.ts (two built instances
 * behind Debian's nginx with deploy/nginx.conf, sharing a private PostgreSQL, on loopback) and
 * expects every check to pass — above all, every session created through nginx is reachable
 * through nginx, and a session of an instance killed mid-lesson comes back on the other one with
 * the learner's rows.
 *
 * The script runs in its own process group with a deadline of its own; whatever happens here
 * (failure, vitest timeout, the worker going away), that whole group — the script, both instances,
 * nginx and PostgreSQL — is stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT_DEADLINE_MS = 100_000;

let script: ChildProcess | undefined;

const running = () => script?.pid !== undefined && script.exitCode === null && script.signalCode === null;

function killGroup(signal: NodeJS.Signals) {
  try {
    if (script?.pid) process.kill(-script.pid, signal);
  } catch {
    // the group is gone already
  }
}

// Last resort if the worker exits while the script still runs (vitest tears it down).
const onExit = () => killGroup('SIGKILL');
process.once('exit', onExit);

afterAll(async () => {
  if (running()) {
    // SIGTERM lets the script stop its instances and nginx and remove its directory; then force.
    killGroup('SIGTERM');
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        killGroup('SIGKILL');
        resolve();
      }, 8000);
      script!.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
    });
  }
  // Children it could not stop, if any.
  killGroup('SIGKILL');
  process.off('exit', onExit);
});

it('every session created through nginx is reachable through nginx, a killed instance loses no committed row, and the rest of the scale-out checks pass', {
  timeout: SCRIPT_DEADLINE_MS + 15_000,
}, async () => {
  const started = Date.now();
  script = spawn(process.execPath, ['--import', 'tsx', 'scripts/scale-out-test.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SCALE_OUT_DEADLINE_MS: String(SCRIPT_DEADLINE_MS), SCALE_OUT_SKIP_BUILD: '1' },
  });
  let output = '';
  script.stdout!.on('data', (chunk) => (output += chunk));
  script.stderr!.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => script!.once('close', (c) => resolve(c)));

  const summary = /(\d+) passed, (\d+) failed/.exec(output);
  if (code !== 0) console.log(`scripts/scale-out-test.ts exited with ${code}:\n${output}`);
  expect({ code, failed: summary?.[2], failures: output.split('\n').filter((l) => l.startsWith('FAIL')) }, output).toEqual({ code: 0, failed: '0', failures: [] });
  expect(Number(summary![1])).toBeGreaterThanOrEqual(19);
  expect(output).toMatch(/ok {4}the learner's inserted rows are there on the other instance/);
  expect(output).toMatch(/ok {4}every session created through nginx is reachable through nginx {2}\(20 of 20 reachable\)/);
  console.log(`scale-out: ${summary![0]} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
