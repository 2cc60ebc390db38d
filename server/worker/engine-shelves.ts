import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { memoryHeadroom, newBoundedQuickJS } from '../sandbox/quickjs-module.js';

/** Apps that share one engine: what one engine's trouble (see `EngineShelves`) costs at most. */
export const APPS_PER_ENGINE = 32;
/**
 * Room an engine keeps per app beside one request's budget. A loaded app takes about 325 KB, and
 * with its garbage collected from the first requests on (sandbox/first-collection.ts) 32
 * apps take ~7 MiB after hundreds of requests each: a megabyte leaves ample room.
 */
const ROOM_PER_APP = 1024 * 1024;

/** One QuickJS engine: a bounded WebAssembly memory and the apps living in it. */
export interface Engine {
  readonly quickjs: QuickJSWASMModule;
  apps: number;
  /** An app in it could not be freed cleanly, or ran it out of memory: it takes no new apps and goes when next used. */
  tainted: boolean;
}

/**
 * The QuickJS engines of one worker. Preparing an app costs ~18 ms (QuickJS compiling the
 * prelude, and its first garbage collection), so apps stay loaded while their session lives here; they are spread over engines of
 * `APPS_PER_ENGINE` each, because WebAssembly memory never shrinks and an engine that must go
 * takes its apps with it. A tainted or nearly full engine therefore costs 32 apps a reload, not
 * the worker's hundreds, and an engine left without apps is dropped, so the garbage collector
 * gives its memory back when a class leaves.
 */
export class EngineShelves {
  private readonly engines: Engine[] = [];

  /** `requestBytes`: the memory one request may take, which every engine keeps free. */
  constructor(private readonly requestBytes: number) {}

  /** An engine with room for one more app, made when none has. */
  async withRoom(): Promise<Engine> {
    return this.existingWithRoom() ?? (await this.add());
  }

  /** An existing engine with room for one more app, if any (for work that must not wait). */
  existingWithRoom(): Engine | undefined {
    return this.engines.find((engine) => this.hasRoom(engine));
  }

  /** Whether `engine` is still one of these and takes one more app. */
  hasRoom(engine: Engine): boolean {
    return engine.apps < APPS_PER_ENGINE && this.fitsRequest(engine, ROOM_PER_APP) && this.has(engine);
  }

  /** Whether a request may run in `engine`: not tainted, and its budget still fits in the bound. */
  usable(engine: Engine): boolean {
    return this.fitsRequest(engine, 0);
  }

  /** An app moved into `engine`. */
  hold(engine: Engine): void {
    engine.apps++;
  }

  /** An app left `engine`: an engine left empty goes (one stays, for the spare app a worker prepares). */
  release(engine: Engine): void {
    engine.apps = Math.max(0, engine.apps - 1);
    if (engine.apps === 0 && (engine.tainted || this.engines.length > 1)) this.remove(engine);
  }

  /** Forgets `engine`; its apps must already be forgotten by their owners (they go with its memory). */
  remove(engine: Engine): void {
    const at = this.engines.indexOf(engine);
    if (at >= 0) this.engines.splice(at, 1);
  }

  has(engine: Engine): boolean {
    return this.engines.includes(engine);
  }

  get count(): number {
    return this.engines.length;
  }

  private fitsRequest(engine: Engine, extra: number): boolean {
    return !engine.tainted && memoryHeadroom(engine.quickjs) >= this.requestBytes + extra;
  }

  private async add(): Promise<Engine> {
    const engine: Engine = { quickjs: await newBoundedQuickJS(this.requestBytes + APPS_PER_ENGINE * ROOM_PER_APP), apps: 0, tainted: false };
    this.engines.push(engine);
    return engine;
  }
}
