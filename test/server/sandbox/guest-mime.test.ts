import { createRequire } from 'node:module';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { charsetOfType, typeOfExtension } from '../../../server/sandbox/guest-mime.js';
import { newBoundedQuickJS } from '../../../server/sandbox/quickjs-module.js';
import { SandboxApp } from '../../../server/sandbox/sandbox-app.js';
import { DEFAULT_LIMITS, type SandboxHost } from '../../../server/sandbox/sandbox-types.js';

/**
 * The guest's types table (server/sandbox/guest/mime.js, made at build from mime-types) against
 * mime-types itself, as Express uses it: every extension through res.type(), every type of
 * mime-db through res.set('Content-Type'), and inputs that are no extension at all
 * (words of Object.prototype among them, which a parsed table once answered with its functions).
 */
const require = createRequire(import.meta.url);
const mime = require('mime-types') as { contentType(value: string): string | false };
const mimeDb = require('mime-db') as Record<string, { extensions?: string[] }>;

let quickjs: QuickJSWASMModule;
beforeAll(async () => {
  quickjs = await newBoundedQuickJS(DEFAULT_LIMITS.memoryBytes + 16 * 1024 * 1024);
});

const host: SandboxHost = {
  query: () => ({ columns: [], rows: [], rowsAffected: 0 }),
  hash: (password) => password,
  verify: () => false,
  service: () => ({ ok: false, response: null, latencyMs: 1, error: 'none' }),
};

const CODE = `
  app.post('/type', (req, res) => {
    const out = [];
    for (const value of req.body) {
      res.removeHeader('Content-Type');
      res.type(value);
      out.push([value, res.get('Content-Type')]);
    }
    res.removeHeader('Content-Type');
    res.json(out);
  });
  app.post('/set', (req, res) => {
    const out = [];
    for (const value of req.body) {
      res.set('Content-Type', value);
      out.push([value, res.get('Content-Type')]);
    }
    res.removeHeader('Content-Type');
    res.json(out);
  });`;

function guestAnswers(path: string, values: string[]): [string, string][] {
  const { app, startup } = SandboxApp.load(quickjs, CODE, DEFAULT_LIMITS, host);
  if (!app) throw new Error(`the code did not load: ${JSON.stringify(startup.outcome)}`);
  try {
    const result = app.handle({ method: 'POST', url: path, path, query: {}, headers: {}, body: values }, host, DEFAULT_LIMITS);
    expect(result.response.status).toBe(200);
    return JSON.parse(result.response.body);
  } finally {
    app.dispose();
  }
}

/** What Express 5's res.type and res.set do with the value. */
const expressType = (value: string) => (value.indexOf('/') === -1 ? mime.contentType(value) || 'application/octet-stream' : mime.contentType(value));
const expressSet = (value: string) => mime.contentType(value);

describe('the guest types table', () => {
  const extensions = [...new Set(Object.values(mimeDb).flatMap((entry) => entry.extensions ?? []))];

  it('gives every extension of mime-db the type and charset mime-types gives it', () => {
    const values = [
      ...extensions,
      ...extensions.map((ext) => `file.${ext.toUpperCase()}`),
      'no-such-ext',
      'a/b.json',
      'x.tar.gz',
      '.html',
      'ez aw',
      'json\nhtml',
      'constructor',
      '__proto__',
      'toString',
    ];
    const answers = guestAnswers('/type', values);
    expect(extensions.length).toBeGreaterThan(1000);
    expect(answers).toEqual(values.map((value) => [value, expressType(value)]));
  });

  it('gives every type of mime-db, and types with parameters, the charset mime-types gives it', () => {
    const types = Object.keys(mimeDb);
    const values = [...types, 'text/x-gudang', 'application/json; foo=bar', 'TEXT/HTML', 'application/x-unknown', 'constructor/x', 'hasOwnProperty'];
    const answers = guestAnswers('/set', values);
    expect(types.length).toBeGreaterThan(2000);
    expect(answers).toEqual(values.map((value) => [value, expressSet(value)]));
  });

  it('answers the host op for words of Object.prototype with false, never with what the table inherits', () => {
    for (const word of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(typeOfExtension(word)).toBe(false);
      expect(charsetOfType(word)).toBe(false);
    }
    expect(typeOfExtension('json')).toBe('application/json');
    expect(charsetOfType('application/json')).toBe('UTF-8');
    expect(charsetOfType('text/html')).toBe(false);
  });
});
