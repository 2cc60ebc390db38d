import { build } from 'esbuild';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { guestBuildOptions } from '../../../scripts/guest-build-options.mjs';
import { guestLazyLibrary } from '../../../server/sandbox/guest-library.js';
import { newBoundedQuickJS } from '../../../server/sandbox/quickjs-module.js';
import { SandboxApp } from '../../../server/sandbox/sandbox-app.js';
import { DEFAULT_LIMITS, type SandboxHost } from '../../../server/sandbox/sandbox-types.js';

/**
 * The guest compiles a few libraries only when code first uses them (server/sandbox/guest/lazy.js):
 * a prepared app must not have compiled them, each must load when its feature is used, and
 * learner code that gets in first (its own `Buffer`, a replaced built-in, a trap on
 * Object.prototype) must neither break Gudang's own uses nor reach anything it could not before.
 */
let quickjs: QuickJSWASMModule;
beforeAll(async () => {
  quickjs = await newBoundedQuickJS(DEFAULT_LIMITS.memoryBytes + 16 * 1024 * 1024);
});

const host: SandboxHost = {
  query: () => ({ columns: [], rows: [], rowsAffected: 0 }),
  hash: (password) => `hashed:${password}`,
  verify: (password, stored) => stored === `hashed:${password}`,
  service: () => ({ ok: false, response: null, latencyMs: 1, error: 'none' }),
};

/** Loads `code` and sends it requests; the app is disposed after `use`. */
function withApp<T>(code: string, use: (request: (path: string, headers?: Record<string, string>) => ReturnType<SandboxApp['handle']>, app: SandboxApp) => T): T {
  const { app, startup } = SandboxApp.load(quickjs, code, DEFAULT_LIMITS, host);
  if (!app) throw new Error(`the code did not load: ${JSON.stringify(startup.outcome)}`);
  try {
    return use((path, headers = {}) => app.handle({ method: 'GET', url: path, path: path.split('?')[0]!, query: {}, headers, body: undefined }, host, DEFAULT_LIMITS), app);
  } finally {
    app.dispose();
  }
}

const json = (result: ReturnType<SandboxApp['handle']>) => JSON.parse(result.response.body);
const errorDetail = (result: ReturnType<SandboxApp['handle']>) => result.events.flatMap((e) => (e.type === 'error' && e.failure.code === 'runtime_error' ? [String(e.failure.params.detail)] : []));

describe('libraries compiled on first use', () => {
  it('are not in the code the prelude compiles: the bundle imports none of them', async () => {
    const result = await build({ ...guestBuildOptions, metafile: true });
    const inputs = Object.keys(result.metafile!.inputs);
    for (const library of ['node_modules/buffer/', 'node_modules/base64-js/', 'node_modules/negotiator/', 'node_modules/content-disposition/', 'node_modules/cookie/', 'server/sandbox/guest/url.js']) {
      expect(inputs.filter((input) => input.includes(library))).toEqual([]);
    }
    // Sanity: the metafile does list what is compiled at once.
    expect(inputs.some((input) => input.includes('node_modules/router/'))).toBe(true);
  });

  it('are handed over by the host by name, and only by one of their names', () => {
    for (const name of ['buffer', 'negotiator', 'content-disposition', 'cookie', 'url']) expect(guestLazyLibrary(name)).toMatch(/^\(function\(I\)\{/);
    for (const name of ['constructor', '__proto__', 'toString', '../url.js', 42]) expect(guestLazyLibrary(name)).toBeUndefined();
  });

  it('none is compiled by preparing an app, loading routes and answering with JSON, text or a 404', () => {
    const prepared = SandboxApp.prepare(quickjs);
    try {
      expect(prepared.lazyLoaded()).toEqual([]);
    } finally {
      prepared.dispose();
    }
    const code = `
      app.use((req, res, next) => next());
      app.get('/json', (req, res) => res.status(201).json({ ok: true }));
      app.get('/text', (req, res) => res.type('text').send('hi'));`;
    withApp(code, (request, app) => {
      expect(request('/json').response.status).toBe(201);
      expect(request('/text').response.body).toBe('hi');
      expect(request('/nothing').response.status).toBe(404);
      expect(app.lazyLoaded()).toEqual([]);
    });
  });

  it('each is compiled by the first use of its feature, once', () => {
    const code = `
      app.get('/buffer', (req, res) => res.send(typeof Buffer));
      app.get('/again', (req, res) => res.send(Buffer.from('kopi').toString('base64')));
      app.get('/redirect', (req, res) => res.redirect('/buffer'));
      app.get('/cookies', (req, res) => res.json(req.cookies));
      app.get('/attachment', (req, res) => res.attachment('a.txt').send('x'));
      app.get('/url', (req, res) => res.send(new URL('/a?b=1', 'http://x.test').searchParams.get('b')));`;
    withApp(code, (request, app) => {
      expect(request('/buffer').response.body).toBe('function');
      expect(app.lazyLoaded()).toEqual(['buffer']);
      expect(request('/again').response.body).toBe('a29waQ==');
      expect(app.lazyLoaded()).toEqual(['buffer']);
      expect(request('/redirect').response.status).toBe(302);
      expect(app.lazyLoaded()).toEqual(['buffer', 'negotiator']);
      expect(json(request('/cookies', { cookie: 'a=1; b=j:{"c":2}' }))).toEqual({ a: '1', b: { c: 2 } });
      expect(app.lazyLoaded()).toEqual(['buffer', 'negotiator', 'cookie']);
      expect(request('/attachment').response.status).toBe(200);
      expect(request('/url').response.body).toBe('1');
      expect(app.lazyLoaded()).toEqual(['buffer', 'negotiator', 'cookie', 'content-disposition', 'url']);
    });
  });

  it('loads while the code starts up too, as a server’s start-up would use Buffer', () => {
    withApp("const hex = Buffer.from('hi').toString('hex');\napp.get('/', (req, res) => res.send(hex));", (request, app) => {
      expect(app.lazyLoaded()).toEqual(['buffer']);
      expect(request('/').response.body).toBe('6869');
    });
  });

  it('Gudang’s own byte handling loads the Buffer library without touching the learner’s global', () => {
    const code = `
      app.get('/', (req, res) => res.json({ encoded: Array.from(new TextEncoder().encode('☕')), atob: atob('a29waQ==') }));
      app.get('/bytes', (req, res) => res.send(new Uint8Array([0, 255])));`;
    withApp(code, (request, app) => {
      expect(json(request('/'))).toEqual({ encoded: [226, 152, 149], atob: 'kopi' });
      expect(request('/bytes').response).toMatchObject({ body: 'AP8=', base64: true });
      expect(app.lazyLoaded()).toEqual(['buffer']);
    });
  });
});

describe('the lazy globals, as learner code sees them', () => {
  it('are accessors until first touched, then the plain writable, non-enumerable property they were before', () => {
    const code = `
      const before = Object.getOwnPropertyDescriptor(globalThis, 'Buffer');
      const shape = (d) => ({ accessor: typeof d.get === 'function', value: 'value' in d ? typeof d.value : null, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable });
      const first = shape(before);
      app.get('/', (req, res) => {
        const same = globalThis.Buffer === Buffer && Buffer.from('a') instanceof Buffer && Buffer.isBuffer(Buffer.from('a'));
        res.json({ first, after: shape(Object.getOwnPropertyDescriptor(globalThis, 'Buffer')), same, keys: Object.keys(globalThis).filter((k) => k === 'Buffer' || k === 'URL') });
      });`;
    withApp(code, (request) => {
      expect(json(request('/'))).toEqual({
        first: { accessor: true, value: null, enumerable: false, configurable: true },
        after: { accessor: false, value: 'function', writable: true, enumerable: false, configurable: true },
        same: true,
        keys: [],
      });
    });
  });

  it('keep what learner code assigns or declares first, and Gudang’s own uses still work', () => {
    const code = `
      Buffer = 'mine';
      var URL = 42;
      app.get('/', (req, res) => {
        const d = Object.getOwnPropertyDescriptor(globalThis, 'Buffer');
        res.json({ Buffer, URL, d, text: new TextDecoder().decode(new TextEncoder().encode('héllo')), btoa: btoa('kopi') });
      });
      app.get('/hex', (req, res) => { res.write('6869', 'hex'); res.end(); });`;
    withApp(code, (request, app) => {
      expect(json(request('/'))).toEqual({ Buffer: 'mine', URL: 42, d: { value: 'mine', writable: true, enumerable: false, configurable: true }, text: 'héllo', btoa: 'a29waQ==' });
      expect(request('/hex').response).toMatchObject({ body: 'aGk=', base64: true });
      // The library Gudang used is its own; the learner's `URL` never made the URL library load.
      expect(app.lazyLoaded()).toEqual(['buffer']);
    });
    withApp("let Buffer = 5; delete globalThis.URL; app.get('/', (req, res) => res.json({ Buffer, url: typeof URL, atob: atob('aGk=') }));", (request) => {
      expect(json(request('/'))).toEqual({ Buffer: 5, url: 'undefined', atob: 'hi' });
    });
  });

  it('give a library the built-ins as the prelude found them, whatever the learner put in their place', () => {
    const code = `
      globalThis.Uint8Array = function () { throw new Error('not mine'); };
      app.get('/', (req, res) => res.json({ type: typeof Buffer, hex: Buffer.from('hi').toString('hex') }));`;
    withApp(code, (request) => {
      expect(json(request('/'))).toEqual({ type: 'function', hex: '6869' });
    });
  });

  it('a saved getter called later returns the library and leaves the learner’s own property alone', () => {
    const code = `
      const { get } = Object.getOwnPropertyDescriptor(globalThis, 'Buffer');
      globalThis.Buffer = 1;
      app.get('/', (req, res) => res.json({ got: get.call({}).from('x').toString('hex'), Buffer }));`;
    withApp(code, (request) => {
      expect(json(request('/'))).toEqual({ got: '78', Buffer: 1 });
    });
  });

  it('an error while a library loads reaches the learner as an error, and the next use loads it again', () => {
    // A setter on Object.prototype runs inside the library's load and reads Buffer again.
    const code = `
      Object.defineProperty(Object.prototype, 'poolSize', { set() { Buffer; }, configurable: true });
      app.get('/first', (req, res) => res.send(typeof Buffer));
      app.get('/then', (req, res) => { delete Object.prototype.poolSize; res.send(Buffer.from('ok').toString()); });`;
    withApp(code, (request, app) => {
      const first = request('/first');
      expect(first.response.status).toBe(500);
      expect(errorDetail(first)).toEqual([expect.stringContaining('buffer was used while it was being loaded')]);
      expect(app.lazyLoaded()).toEqual([]);
      expect(app.reusable).toBe(true);
      expect(request('/then').response.body).toBe('ok');
      expect(app.lazyLoaded()).toEqual(['buffer']);
    });
  });
});
