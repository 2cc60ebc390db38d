// The guest library's entry: installs what learner code sees (`app`, `express`, `db`, `log`,
// `services`, `hash`, `verify` and the web globals) and returns to the host, never to the
// learner, the functions it drives requests with.
import { call, callerPosition, connect, describeError, parse, stringify } from './protocol.js';
import { createApplication, createExpress } from './express.js';
import { installGlobals } from './globals.js';
import { loaded } from './lazy.js';
import { collectBody, CHUNKS, HEADERS, serverResponse } from './server-response.js';
import { cancelAll, nextDue, runDue } from './timers.js';

const toJson = (value) => (value === undefined ? null : value);

function formatArg(a) {
  if (typeof a === 'string') return a;
  if (a instanceof Error) return a.name + ': ' + a.message;
  try {
    const s = stringify(a);
    return s === undefined ? String(a) : s;
  } catch {
    return String(a);
  }
}

function installLearnerApi(global, app) {
  const express = createExpress(app);
  const define = (name, value) => Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  define('app', app);
  define('express', express);
  define('require', (name) => {
    if (name === 'express') return express;
    throw new Error("require('" + name + "') is not available in Gudang: learner code has app, express, db, log and services already");
  });
  define('db', {
    query: (sql, params) => call('query', { sql: String(sql), params: toJson(params), at: callerPosition() }),
    get: (sql, params) => call('query', { sql: String(sql), params: toJson(params), at: callerPosition() })[0],
    run: (sql, params) => call('run', { sql: String(sql), params: toJson(params), at: callerPosition() }),
  });
  const log = function () {
    call('log', { message: Array.prototype.map.call(arguments, formatArg).join(' '), at: callerPosition() });
  };
  define('log', log);
  define('console', { log, info: log, warn: log, error: log, debug: log });
  define('hash', (password) => call('hash', { password: String(password) }));
  define('verify', (password, stored) => call('verify', { password: String(password), stored: String(stored) }));
  define(
    'services',
    new Proxy(
      {},
      {
        get(_, service) {
          if (typeof service !== 'string') return undefined;
          return new Proxy(
            {},
            {
              get(_, operation) {
                if (typeof operation !== 'string' || operation === 'then') return undefined;
                return (input) => call('service', { service, operation, input: toJson(input), at: callerPosition() });
              },
            },
          );
        },
      },
    ),
  );
}

function newResponse(responseBytes) {
  // A Node-level response first, as Express receives one; app.handle then gives it Express's methods.
  const res = Object.create(serverResponse);
  res.statusCode = 200;
  res[HEADERS] = Object.create(null);
  res[CHUNKS] = [];
  res._finish = (done) => {
    const collected = collectBody(done[CHUNKS]);
    // Refused before a huge body is copied out of the sandbox; the host counts exact bytes after.
    if ((collected.length || collected.body.length) > responseBytes) call('oversize', { size: collected.body.length });
    const headers = Object.keys(done[HEADERS]).map((key) => {
      const [name, value] = done[HEADERS][key];
      return [name, Array.isArray(value) ? value.map(String) : String(value)];
    });
    call('respond', { status: done.statusCode, headers, body: collected.body, base64: collected.base64 === true, streamed: done._streamed === true, ...(done._send ? { send: done._send } : {}) });
  };
  return res;
}

export function install(host) {
  connect(host);
  const global = globalThis;
  delete global.__host;
  installGlobals(global);
  const app = createApplication();
  installLearnerApi(global, app);

  const dispatch = (input) => {
    const { request, responseBytes } = parse(input);
    const req = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      query: request.query,
      params: {},
      ip: request.ip || '127.0.0.1',
      ips: [],
      connectionProtocol: request.protocol,
    };
    app.handle(req, newResponse(responseBytes));
  };

  return {
    dispatch,
    describe: (error) => stringify(describeError(error)),
    nextTimer: nextDue,
    runTimers: runDue,
    cancelTimers: () => stringify(cancelAll()),
    // The libraries compiled on first use so far (lazy.js), comma-separated: for tests and measurement.
    loaded,
  };
}
