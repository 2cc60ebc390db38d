import { describe, expect, it } from 'vitest';
import { APPS_PER_ENGINE, EngineShelves } from '../../../server/worker/engine-shelves.js';

const REQUEST_BYTES = 32 * 1024 * 1024;

describe('engine shelves', () => {
  it('fills one engine with apps before it makes the next', async () => {
    const shelves = new EngineShelves(REQUEST_BYTES);
    const first = await shelves.withRoom();
    for (let i = 0; i < APPS_PER_ENGINE; i++) {
      expect(await shelves.withRoom()).toBe(first);
      shelves.hold(first);
    }
    const second = await shelves.withRoom();
    expect(second).not.toBe(first);
    expect(shelves.count).toBe(2);
  });

  it('drops an engine its last app left, but keeps the last engine for the spare app', async () => {
    const shelves = new EngineShelves(REQUEST_BYTES);
    const first = await shelves.withRoom();
    for (let i = 0; i < APPS_PER_ENGINE; i++) shelves.hold(first);
    const second = await shelves.withRoom();
    shelves.hold(second);
    shelves.release(second);
    expect(shelves.has(second)).toBe(false);
    for (let i = 0; i < APPS_PER_ENGINE; i++) shelves.release(first);
    expect(shelves.has(first)).toBe(true);
    expect(shelves.count).toBe(1);
  });

  it('takes no new app into a tainted engine, does not run requests there, and drops it once empty', async () => {
    const shelves = new EngineShelves(REQUEST_BYTES);
    const engine = await shelves.withRoom();
    shelves.hold(engine);
    engine.tainted = true;
    expect(shelves.usable(engine)).toBe(false);
    const other = await shelves.withRoom();
    expect(other).not.toBe(engine);
    shelves.release(engine);
    expect(shelves.has(engine)).toBe(false);
  });

  it('counts an engine whose memory leaves less than one request budget as unusable', async () => {
    const shelves = new EngineShelves(REQUEST_BYTES);
    const engine = await shelves.withRoom();
    expect(shelves.usable(engine)).toBe(true);
    // Grow its WebAssembly memory the way garbage and fragmentation do: to within a request of its bound.
    const runtime = engine.quickjs.newRuntime();
    const context = runtime.newContext();
    const grown = context.evalCode(`globalThis.kept = []; for (let i = 0; i < 64; i++) kept.push(new ArrayBuffer(1024 * 1024)); 1`);
    grown.dispose();
    expect(shelves.usable(engine)).toBe(false);
    expect(shelves.existingWithRoom()).toBeUndefined();
  });
});
