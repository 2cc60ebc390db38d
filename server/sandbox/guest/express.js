// `express()`, `express.Router()` and the app, as Express 5's lib/application.js and lib/express.js,
// over the real `router` package. Every function the learner registers is wrapped for the trace.
import Router from 'router';
import { METHODS } from 'node:http';
import { callerPosition, call } from './protocol.js';
import { finalHandler } from './final-handler.js';
import { request } from './request.js';
import { response } from './response.js';
import { isTraced, patternText, traced } from './tracing.js';

const methods = METHODS.map((m) => m.toLowerCase());
const flat = (args) => Array.prototype.slice.call(args).flat(Infinity);
const isRouter = (fn) => typeof fn === 'function' && (Object.prototype.isPrototypeOf.call(Router.prototype, fn) || fn.__gudangApp === true);

/** Route handlers: all but the last of a route's functions are its middleware. */
function wrapRouteHandlers(fns, method, path, at) {
  const pattern = patternText(path);
  return fns.map((fn, i) => traced(fn, { kind: i < fns.length - 1 ? 'middleware' : 'handler', method: method.toUpperCase(), pattern, at }));
}

/** Route methods that wrap their handlers for the trace, shared by every route (one prototype, not per-route closures). */
const tracedRoute = Object.create(Router.Route.prototype);
for (const method of methods.concat('all')) {
  const original = Router.Route.prototype[method];
  tracedRoute[method] = function () {
    const fns = flat(arguments);
    if (fns.every(isTraced)) return original.apply(this, fns);
    return original.apply(this, wrapRouteHandlers(fns, method, this.path, callerPosition()));
  };
}

function instrumentRoute(route) {
  return Object.setPrototypeOf(route, tracedRoute);
}

/**
 * What `use()` was given, as Express reads it: an optional mount path first (a path or an array of
 * paths: anything whose first leaf is not a function), then the middleware, arrays flattened.
 */
function useArguments(args) {
  let first = args[0];
  while (Array.isArray(first) && first.length !== 0) first = first[0];
  const mounted = typeof first !== 'function';
  return { path: mounted ? args[0] : '/', fns: Array.prototype.slice.call(args, mounted ? 1 : 0).flat(Infinity) };
}

function instrumentRouter(router) {
  router.route = function (path) {
    return instrumentRoute(Router.prototype.route.call(this, path));
  };
  router.use = function () {
    const { path, fns } = useArguments(arguments);
    const at = callerPosition();
    const pattern = patternText(path);
    const wrapped = fns.map((fn) => traced(fn, { kind: 'middleware', pattern, at, skip: isRouter(fn) }));
    return Router.prototype.use.apply(this, [path].concat(wrapped));
  };
  return router;
}

/** The methods the router's own routes have for `path` (HEAD goes without saying beside GET). */
function allowedMethods(router, path) {
  const allowed = [];
  for (const layer of router.stack) {
    if (!layer.route) continue;
    let match = false;
    try {
      match = layer.match(path);
    } catch {}
    if (!match) continue;
    for (const method of layer.route._methods()) if (method !== 'HEAD' && method !== '_ALL' && !allowed.includes(method)) allowed.push(method);
  }
  return allowed;
}

/** express.Router(options): a router whose functions appear in the trace. */
export function createRouter(options) {
  return instrumentRouter(new Router(options));
}

const DEFAULT_SETTINGS = {
  env: 'production',
  etag: 'weak',
  'x-powered-by': true,
  'query parser': 'simple',
  'subdomain offset': 2,
  'trust proxy': false,
  'jsonp callback name': 'callback',
};

/** The learner's one app. `express()` hands back this same app, so tutorial code works as written. */
export function createApplication() {
  const app = function (req, res, next) {
    app.handle(req, res, next);
  };
  app.__gudangApp = true;
  app.settings = Object.assign(Object.create(null), DEFAULT_SETTINGS);
  app.locals = Object.create(null);
  app.locals.settings = app.settings;
  app.mountpath = '/';
  let router = null;
  Object.defineProperty(app, 'router', {
    configurable: true,
    enumerable: true,
    get() {
      if (router === null) router = createRouter({ caseSensitive: app.enabled('case sensitive routing'), strict: app.enabled('strict routing') });
      return router;
    },
  });

  app.set = function (setting, val) {
    if (arguments.length === 1) return app.settings[setting];
    app.settings[setting] = val;
    return app;
  };
  app.enabled = (setting) => Boolean(app.set(setting));
  app.disabled = (setting) => !app.set(setting);
  app.enable = (setting) => app.set(setting, true);
  app.disable = (setting) => app.set(setting, false);
  app.path = () => '';
  app.route = (path) => app.router.route(path);
  app.param = function (name, fn) {
    if (Array.isArray(name)) {
      for (const n of name) app.param(n, fn);
      return app;
    }
    app.router.param(name, fn);
    return app;
  };
  app.use = function () {
    const { path, fns } = useArguments(arguments);
    if (fns.length === 0) throw new TypeError('app.use() requires a middleware function');
    app.router.use(path, fns);
    return app;
  };
  methods.forEach((method) => {
    app[method] = function (path) {
      if (method === 'get' && arguments.length === 1) return app.set(path);
      const route = app.route(path);
      route[method].apply(route, Array.prototype.slice.call(arguments, 1));
      return app;
    };
  });
  app.all = function (path) {
    const route = app.route(path);
    const fns = wrapRouteHandlers(flat(Array.prototype.slice.call(arguments, 1)), 'all', path, callerPosition());
    for (const method of methods) route[method].apply(route, fns);
    return app;
  };
  app.del = app.delete;
  app.listen = function () {
    call('log', { message: 'app.listen() is not needed in Gudang: your app is already served at its sandbox URL', at: callerPosition() });
    const callback = Array.prototype.slice.call(arguments).find((a) => typeof a === 'function');
    if (callback) Promise.resolve().then(() => callback());
    return { close() {}, address: () => null };
  };
  app.engine = () => {
    throw new Error('app.engine() is not available in Gudang: there is no view engine');
  };
  app.render = app.engine;

  app.request = Object.create(request, { app: { configurable: true, enumerable: true, writable: true, value: app } });
  app.response = Object.create(response, { app: { configurable: true, enumerable: true, writable: true, value: app } });

  app.handle = function (req, res, callback) {
    const done = callback || finalHandler(req, res, (path) => allowedMethods(app.router, path));
    if (app.enabled('x-powered-by')) res.setHeader('X-Powered-By', 'Express');
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    if (!res.locals) res.locals = Object.create(null);
    app.router.handle(req, res, done);
  };
  return app;
}

/** What `express` is in learner code: express(), express.Router(), and the body parsers as no-ops. */
export function createExpress(app) {
  const parsed = (name) =>
    function () {
      // The host's Express already parsed the body before the code ran.
      return Object.defineProperty(
        function (_req, _res, next) {
          next();
        },
        'name',
        { value: name + 'Parser' },
      );
    };
  const express = function () {
    return app;
  };
  express.Router = createRouter;
  express.Route = Router.Route;
  express.json = parsed('json');
  express.urlencoded = parsed('urlencoded');
  express.text = parsed('text');
  express.raw = parsed('raw');
  express.static = () => {
    throw new Error('express.static() is not available in Gudang: there are no files to serve');
  };
  express.application = app;
  express.request = request;
  express.response = response;
  return express;
}
