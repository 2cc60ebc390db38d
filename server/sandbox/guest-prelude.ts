/**
 * JavaScript evaluated inside the sandbox before the learner's code. It gives the learner an
 * Express-shaped API (`app`, `req`, `res`, `next`, `db`, `log`, `services`, `hash`, `verify`) and
 * talks to the host through one function, `__host(op, json) -> json`, so that every value crossing
 * the boundary is a string the host parses and bounds: no guest object is ever touched by the host.
 *
 * Behaviour follows Express 5 for the same code (status codes, default content types, `next(err)`,
 * route patterns); test/server/sandbox/express-parity.test.ts runs both and compares.
 */
import { STATUS_CODES } from 'node:http';

export const LEARNER_FILENAME = 'handler.js';

export const GUEST_PRELUDE = String.raw`
(function (host) {
  'use strict';
  delete globalThis.__host;
  // Captured now: learner code may replace JSON, but not the protocol with the host.
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const call = (op, payload) => {
    const answer = parse(host(op, stringify(payload === undefined ? null : payload)));
    if (answer && answer.__error) {
      const e = new Error(answer.__error);
      if (answer.__name) e.name = answer.__name;
      throw e;
    }
    return answer;
  };

  // Where in handler.js the caller stands, read from the guest's own stack.
  const callerPosition = () => {
    const m = /handler\.js:(\d+)(?::(\d+))?/.exec(String(new Error().stack || ''));
    return m ? [Number(m[1]), Number(m[2] || 1)] : null;
  };

  const STATUS_TEXT = ${JSON.stringify(STATUS_CODES)};
  const statusText = (code) => STATUS_TEXT[code] || String(code);
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const htmlDocument = (text) => '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>' + escapeHtml(text) + '</pre>\n</body>\n</html>\n';

  // Route patterns in Express 5 (path-to-regexp 8) style: /products/:id, /files/*path, /a{/:b}.
  const compilePattern = (pattern, prefixOnly) => {
    if (typeof pattern !== 'string' || pattern[0] !== '/') throw new TypeError('A route path must be a string starting with "/", got ' + JSON.stringify(pattern));
    const keys = [];
    let source = '';
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i];
      if (ch === ':' || ch === '*') {
        const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(pattern.slice(i + 1));
        if (!m) throw new TypeError('Missing parameter name after "' + ch + '" in route "' + pattern + '"');
        keys.push(m[0]);
        source += ch === ':' ? '([^/]+?)' : '(.+)';
        i += m[0].length;
      } else if (ch === '{') source += '(?:';
      else if (ch === '}') source += ')?';
      else source += ch.replace(/[.+?^$()[\]\\|]/g, '\\$&');
    }
    source = source.replace(/\/$/, '');
    const tail = prefixOnly ? '(?:/|$)' : '/?$';
    return { keys, regex: new RegExp('^' + source + tail, 'i') };
  };

  const matchLayer = (layer, path) => {
    const m = layer.regex.exec(path);
    if (!m) return null;
    const params = {};
    layer.keys.forEach((key, i) => {
      const raw = m[i + 1];
      if (raw === undefined) return;
      try { params[key] = decodeURIComponent(raw); } catch (e) { params[key] = raw; }
    });
    return params;
  };

  const layers = [];
  let middlewareCount = 0;
  const addLayer = (method, args) => {
    args = Array.prototype.slice.call(args);
    const position = callerPosition();
    let pattern = method === 'use' ? '/' : undefined;
    if (typeof args[0] === 'string') pattern = args.shift();
    if (pattern === undefined) throw new TypeError('app.' + method + '() needs a path first, e.g. app.' + method + "('/api/products', handler)");
    const fns = args.flat(Infinity);
    if (fns.length === 0 || fns.some((f) => typeof f !== 'function')) throw new TypeError('app.' + method + '() needs handler functions');
    const compiled = compilePattern(pattern, method === 'use');
    const isUse = method === 'use';
    const entries = fns.map((fn, i) => {
      const isMiddleware = isUse || i < fns.length - 1;
      return {
        fn, isMiddleware,
        middlewareIndex: isMiddleware ? middlewareCount++ : undefined,
        name: fn.name || (isMiddleware ? 'middleware' : 'handler'),
      };
    });
    layers.push({ method: isUse ? null : method.toUpperCase(), pattern, keys: compiled.keys, regex: compiled.regex, entries, position });
  };

  const app = {};
  ['get', 'post', 'put', 'patch', 'delete', 'all', 'use'].forEach((method) => {
    app[method] = function () { addLayer(method, arguments); return app; };
  });
  app.del = app.delete;

  const normaliseHeaderName = (name) => {
    if (typeof name !== 'string' || !/^[!#$%&'*+.^_\x60|~0-9A-Za-z-]+$/.test(name)) throw new TypeError('Invalid header name: ' + JSON.stringify(name));
    return name;
  };
  const headerValue = (name, value) => {
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    for (const v of values) if (/[^\t\x20-\x7e\x80-\xff]/.test(v)) throw new TypeError('Invalid character in header "' + name + '": header values cannot contain line breaks or control characters');
    return Array.isArray(value) ? values : values[0];
  };
  const TYPE_SHORTHANDS = { json: 'application/json', html: 'text/html', text: 'text/plain', txt: 'text/plain', js: 'text/javascript', css: 'text/css', xml: 'application/xml', csv: 'text/csv' };
  const withCharset = (type) => (/^(text\/|application\/(json|javascript|xml))/i.test(type) && !/charset=/i.test(type) ? type + '; charset=utf-8' : type);

  const makeResponse = (finish) => {
    const headers = {};
    const res = {
      statusCode: 200,
      headersSent: false,
      locals: {},
      status(code) {
        if (!Number.isInteger(code) || code < 100 || code > 999) throw new RangeError('Invalid status code: ' + JSON.stringify(code) + '. Status code must be an integer between 100 and 999.');
        res.statusCode = code;
        return res;
      },
      set(field, value) {
        if (field && typeof field === 'object') { Object.keys(field).forEach((k) => res.set(k, field[k])); return res; }
        const name = normaliseHeaderName(field);
        let v = headerValue(name, value);
        if (name.toLowerCase() === 'content-type' && typeof v === 'string') v = withCharset(v);
        headers[name.toLowerCase()] = [name, v];
        return res;
      },
      header(field, value) { return res.set(field, value); },
      get(field) { const h = headers[String(field).toLowerCase()]; return h ? h[1] : undefined; },
      append(field, value) {
        const prev = res.get(field);
        const add = Array.isArray(value) ? value : [value];
        return res.set(field, prev === undefined ? value : [].concat(prev, add));
      },
      type(type) { return res.set('Content-Type', String(type).indexOf('/') === -1 ? (TYPE_SHORTHANDS[String(type).replace(/^\./, '')] || 'application/octet-stream') : type); },
      json(value) {
        const body = stringify(value);
        if (!res.get('content-type')) res.set('Content-Type', 'application/json');
        return res.send(body === undefined ? '' : body);
      },
      send(body) {
        if (res.headersSent) throw new Error('Cannot set headers after they are sent to the client');
        switch (typeof body) {
          case 'string':
            if (!res.get('content-type')) res.set('Content-Type', 'text/html');
            break;
          case 'undefined':
            body = '';
            break;
          case 'boolean': case 'number': case 'object':
            if (body === null) { body = ''; break; }
            return res.json(body);
          default:
            return res.json(body);
        }
        res.headersSent = true;
        finish({ status: res.statusCode, headers: Object.keys(headers).map((k) => headers[k]), body });
        return res;
      },
      html(markup) { res.set('Content-Type', 'text/html'); return res.send(String(markup)); },
      sendStatus(code) { res.status(code); if (!res.get('content-type')) res.set('Content-Type', 'text/plain'); return res.send(statusText(code)); },
      end(body) { return res.send(body === undefined ? '' : String(body)); },
      redirect(a, b) {
        const status = typeof a === 'number' ? a : 302;
        const url = typeof a === 'number' ? b : a;
        res.status(status).set('Location', String(url));
        if (!res.get('content-type')) res.set('Content-Type', 'text/plain');
        return res.send(statusText(status) + '. Redirecting to ' + url);
      },
    };
    return res;
  };

  const toJson = (value) => {
    if (value === undefined) return null;
    return value;
  };

  globalThis.app = app;
  globalThis.db = {
    query(sql, params) { return call('query', { sql: String(sql), params: toJson(params), at: callerPosition() }); },
    get(sql, params) { return call('query', { sql: String(sql), params: toJson(params), at: callerPosition() })[0]; },
    run(sql, params) { return call('run', { sql: String(sql), params: toJson(params), at: callerPosition() }); },
  };
  const formatArg = (a) => {
    if (typeof a === 'string') return a;
    if (a instanceof Error) return a.name + ': ' + a.message;
    try { const s = stringify(a); return s === undefined ? String(a) : s; } catch (e) { return String(a); }
  };
  const log = function () { call('log', { message: Array.prototype.map.call(arguments, formatArg).join(' '), at: callerPosition() }); };
  globalThis.log = log;
  globalThis.console = { log, info: log, warn: log, error: log, debug: log };
  globalThis.hash = (password) => call('hash', { password: String(password) });
  globalThis.verify = (password, stored) => call('verify', { password: String(password), stored: String(stored) });
  globalThis.services = new Proxy({}, {
    get(_, service) {
      if (typeof service !== 'string') return undefined;
      return new Proxy({}, {
        get(_, operation) {
          if (typeof operation !== 'string' || operation === 'then') return undefined;
          return (input) => call('service', { service, operation, input: toJson(input), at: callerPosition() });
        },
      });
    },
  });

  // A thrown 20 MB message is cut here, with primitives captured now, before it is copied anywhere.
  const sliceText = String.prototype.slice;
  const applyFn = Reflect.apply;
  const clip = (value, max) => {
    const text = String(value);
    if (text.length <= max) return text;
    const rest = text.length - max;
    return applyFn(sliceText, text, [0, max]) + '… ' + (rest >= 1048576 ? Math.round(rest / 104857.6) / 10 + ' MB' : rest >= 1024 ? Math.round(rest / 1024) + ' KB' : rest + ' bytes') + ' more';
  };

  // Learner-facing frames only: "at handler (line 4)".
  const learnerStack = (error) => {
    const frames = [];
    clip((error && error.stack) || '', 16384).split('\n').forEach((line) => {
      const m = /at (?:(\S+) )?\(?handler\.js:(\d+)(?::(\d+))?\)?/.exec(line);
      if (m) frames.push({ fn: m[1] || null, line: Number(m[2]), column: Number(m[3] || 1) });
    });
    return frames;
  };
  const describeError = (error) => {
    if (error instanceof Error) return { message: clip(error.name, 200) + ': ' + clip(error.message, 2000), frames: learnerStack(error) };
    let text;
    try { text = stringify(error); } catch (e) { text = undefined; }
    return { message: 'Thrown value: ' + clip(text === undefined ? String(error) : text, 2000), frames: [] };
  };

  const describe = (error) => stringify(describeError(error));

  const dispatch = function (input) {
    const { request, responseBytes } = parse(input);
    let response = null;
    const res = makeResponse((r) => {
      // Refused before a huge body is copied out of the sandbox; the host counts exact bytes after.
      if (r.body.length > responseBytes) call('oversize', { size: r.body.length });
      response = r;
      call('respond', r);
    });
    const req = {
      method: request.method, url: request.url, originalUrl: request.url, path: request.path,
      query: request.query, headers: request.headers, body: request.body, params: {}, ip: '127.0.0.1',
      get(name) { return request.headers[String(name).toLowerCase()]; },
      header(name) { return request.headers[String(name).toLowerCase()]; },
    };

    const stack = [];
    layers.forEach((layer) => {
      if (layer.method && layer.method !== req.method && !(layer.method === 'GET' && req.method === 'HEAD') && layer.method !== 'ALL') return;
      const params = matchLayer(layer, req.path);
      if (!params) return;
      layer.entries.forEach((entry) => stack.push({ layer, entry, params }));
    });

    let position = 0;
    const next = (err) => {
      if (response) return;
      while (position < stack.length) {
        const item = stack[position++];
        const isErrorHandler = item.entry.fn.length === 4;
        if (err ? !isErrorHandler : isErrorHandler) continue;
        return invoke(item, err);
      }
      if (err) {
        const status = err && (err.status || err.statusCode);
        const code = Number.isInteger(status) && status >= 400 && status < 600 ? status : 500;
        call('error', Object.assign({ code: 'runtime_error' }, describeError(err)));
        res.statusCode = code;
        res.set('Content-Security-Policy', "default-src 'none'").set('X-Content-Type-Options', 'nosniff').set('Content-Type', 'text/html');
        return res.send(htmlDocument(statusText(code)));
      }
      // Express's answer stays as it is; the trace adds that the path exists with other methods.
      const allowed = [];
      layers.forEach((layer) => {
        if (layer.method && layer.method !== 'ALL' && !allowed.includes(layer.method) && matchLayer(layer, req.path)) allowed.push(layer.method);
      });
      if (allowed.length > 0) call('wrongMethod', { method: req.method, path: req.path, allowed });
      res.statusCode = 404;
      res.set('Content-Security-Policy', "default-src 'none'").set('X-Content-Type-Options', 'nosniff').set('Content-Type', 'text/html');
      res.send(htmlDocument('Cannot ' + req.method + ' ' + req.path));
    };

    const invoke = (item, err) => {
      const { layer, entry } = item;
      req.params = item.params;
      const line = layer.position ? layer.position : null;
      const stepId = call('enter', entry.isMiddleware
        ? { kind: 'middleware', index: entry.middlewareIndex, name: entry.name, pattern: layer.pattern, at: line }
        : { kind: 'handler', method: layer.method || 'ALL', pattern: layer.pattern, params: item.params, at: line });
      let called = false;
      const once = (e) => {
        if (called) return;
        called = true;
        call('leave', { id: stepId, calledNext: true });
        next(e === 'route' || e === 'router' ? undefined : e);
      };
      try {
        const result = err ? entry.fn(err, req, res, once) : entry.fn(req, res, once);
        if (result && typeof result.then === 'function') {
          result.then(() => { if (!called) call('leave', { id: stepId, calledNext: false }); }, (e) => once(e === undefined ? new Error('Rejected promise') : e));
        } else if (!called) call('leave', { id: stepId, calledNext: false });
      } catch (e) {
        once(e);
      }
    };

    next();
  };

  // Handed to the host as the prelude's value, never as globals the learner could replace.
  return { dispatch, describe };
})(globalThis.__host);
`;
