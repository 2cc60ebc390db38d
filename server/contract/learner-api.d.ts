/**
 * The API learner code sees inside the Gudang sandbox, and nothing else. Monaco loads this file so
 * the editor completes and type-checks it. It mirrors Express 5 where Express has the same thing.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Row = Record<string, any>;
type SqlParams = Array<string | number | boolean | null> | Record<string, string | number | boolean | null>;

interface GudangRequest {
  /** GET, POST, PUT, PATCH, DELETE… */
  method: string;
  /** Path and query string, relative to where the router is mounted: `/7?full=1` under `app.use('/api', router)`. */
  url: string;
  /** The whole path and query string as the client sent it, e.g. `/api/products/7?full=1`. */
  originalUrl: string;
  /** Where the current router is mounted, e.g. `/api` (empty at the top). */
  baseUrl: string;
  /** Path without the query string, relative to the mount path, e.g. `/products/7`. */
  path: string;
  /** Route parameters: `:id` in `/products/:id` is `req.params.id` (decoded text); a `*rest` wildcard is a list of segments; a regular expression's captures are `req.params[0]`… */
  params: Record<string, any>;
  /** Query string values: `?page=2` is `req.query.page` (text, or a list when repeated). */
  query: Record<string, string | string[] | undefined>;
  /** Request headers, names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body: JSON object or array, form fields, or text; `undefined` for other types. */
  body: any;
  /** The `Cookie` header, parsed: `req.cookies.sid` (a `j:{…}` cookie is the object). */
  cookies: Record<string, any>;
  /** The route that matched: `req.route.path`. */
  route: { path: string | RegExp | Array<string | RegExp>; methods: Record<string, boolean> };
  /** Whatever a middleware put there, e.g. the logged-in user. */
  user?: any;
  ip: string;
  hostname: string | undefined;
  protocol: string;
  secure: boolean;
  /** True for `X-Requested-With: XMLHttpRequest`. */
  xhr: boolean;
  subdomains: string[];
  /** A header by name, case-insensitive: `req.get('Authorization')`. */
  get(name: string): string | undefined;
  header(name: string): string | undefined;
  /** The best of the given types for the client's `Accept` header, or false: `req.accepts(['html', 'json'])`. */
  accepts(types?: string | string[]): string | string[] | false;
  accepts(...types: string[]): string | false;
  acceptsEncodings(...encodings: string[]): string | string[] | false;
  acceptsCharsets(...charsets: string[]): string | string[] | false;
  acceptsLanguages(...languages: string[]): string | string[] | false;
  /** Whether the body has this type: `req.is('json')`; null without a body. */
  is(type: string | string[], ...more: string[]): string | false | null;
  app: GudangApp;
  res: GudangResponse;
  [key: string]: any;
}

interface CookieOptions {
  maxAge?: number;
  expires?: Date;
  path?: string;
  domain?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: boolean | 'lax' | 'strict' | 'none';
  priority?: 'low' | 'medium' | 'high';
  partitioned?: boolean;
}

interface GudangResponse {
  statusCode: number;
  headersSent: boolean;
  locals: Record<string, any>;
  /** Sets the status code, an integer 100–999 (anything else throws): `res.status(404).json({ error: 'not found' })`. */
  status(code: number): GudangResponse;
  /** Sets a header, or several from an object. Content-Type gets its charset, and cannot be a list. */
  set(field: string, value: string | number | string[]): GudangResponse;
  set(fields: Record<string, string | number | string[]>): GudangResponse;
  header(field: string, value: string | number | string[]): GudangResponse;
  get(field: string): string | string[] | undefined;
  append(field: string, value: string | string[]): GudangResponse;
  /** Sets Content-Type: `res.type('json')`, `res.type('text/csv')`. */
  type(type: string): GudangResponse;
  contentType(type: string): GudangResponse;
  /** Sends JSON (`application/json`). A BigInt inside throws, as in Express. */
  json(body: any): GudangResponse;
  /** JSON, or a JavaScript call when the query has `?callback=`. */
  jsonp(body: any): GudangResponse;
  /** Text is HTML, objects and numbers JSON, a Buffer or Uint8Array bytes (`application/octet-stream`). Throws once the response was sent. */
  send(body?: string | number | boolean | object | Uint8Array | null): GudangResponse;
  /** Sends an HTML page (`text/html`). Gudang's own shortcut; Express has no res.html. */
  html(markup: string): GudangResponse;
  /** Sets the status and sends its name as text: `res.sendStatus(403)`. */
  sendStatus(code: number): GudangResponse;
  /** Ends the response as it is (no Content-Type added). */
  end(body?: string | Uint8Array): GudangResponse;
  write(chunk: string | Uint8Array): boolean;
  writeHead(status: number, headers?: Record<string, string | number | string[]>): GudangResponse;
  setHeader(name: string, value: string | number | string[]): GudangResponse;
  getHeader(name: string): string | number | string[] | undefined;
  removeHeader(name: string): void;
  hasHeader(name: string): boolean;
  getHeaderNames(): string[];
  redirect(url: string): void;
  redirect(status: number, url: string): void;
  /** Sets the Location header (encoded). */
  location(url: string): GudangResponse;
  /** Adds a Set-Cookie header: `res.cookie('sid', token, { httpOnly: true })`. */
  cookie(name: string, value: string | object, options?: CookieOptions): GudangResponse;
  clearCookie(name: string, options?: CookieOptions): GudangResponse;
  /** Answers in the format the client accepts: `res.format({ html() {…}, json() {…}, default() {…} })`; none matching is a 406. */
  format(handlers: Record<string, (req: GudangRequest, res: GudangResponse, next: NextFunction) => void>): GudangResponse;
  /** Adds a field to the Vary header. */
  vary(field: string | string[]): GudangResponse;
  /** Content-Disposition: attachment (and the type from the file name). */
  attachment(filename?: string): GudangResponse;
  /** The Link header: `res.links({ next: '/products?page=3' })`. */
  links(links: Record<string, string | string[]>): GudangResponse;
  req: GudangRequest;
  app: GudangApp;
}

/** Call `next()` to pass the request on, `next(error)` to jump to the error handler, `next('route')` to skip to the next route, `next('router')` to leave this router. */
type NextFunction = (error?: any) => void;
type Handler = (req: GudangRequest, res: GudangResponse, next: NextFunction) => unknown;
type ErrorHandler = (error: any, req: GudangRequest, res: GudangResponse, next: NextFunction) => unknown;
type ParamHandler = (req: GudangRequest, res: GudangResponse, next: NextFunction, value: string, name: string) => unknown;
/** `'/products/:id'`, `'/files/*path'`, `'/users{/:id}'`, a regular expression, or a list of them. */
type RoutePath = string | RegExp | Array<string | RegExp>;
type Handlers = Array<Handler | Handler[]>;

interface GudangRoute {
  get(...handlers: Handlers): GudangRoute;
  post(...handlers: Handlers): GudangRoute;
  put(...handlers: Handlers): GudangRoute;
  patch(...handlers: Handlers): GudangRoute;
  delete(...handlers: Handlers): GudangRoute;
  options(...handlers: Handlers): GudangRoute;
  head(...handlers: Handlers): GudangRoute;
  all(...handlers: Handlers): GudangRoute;
}

interface GudangRouter {
  get(path: RoutePath, ...handlers: Handlers): this;
  post(path: RoutePath, ...handlers: Handlers): this;
  put(path: RoutePath, ...handlers: Handlers): this;
  patch(path: RoutePath, ...handlers: Handlers): this;
  delete(path: RoutePath, ...handlers: Handlers): this;
  options(path: RoutePath, ...handlers: Handlers): this;
  head(path: RoutePath, ...handlers: Handlers): this;
  all(path: RoutePath, ...handlers: Handlers): this;
  /** Middleware, or a router mounted at `path` (which then sees the path after it). */
  use(...handlers: Handlers): this;
  use(handler: ErrorHandler): this;
  use(router: GudangRouter): this;
  use(path: RoutePath, ...handlers: Handlers): this;
  use(path: RoutePath, handler: ErrorHandler): this;
  use(path: RoutePath, router: GudangRouter): this;
  /** One path, several methods: `app.route('/books').get(list).post(add)`. */
  route(path: RoutePath): GudangRoute;
  /** Runs before the routes whose path has `:name`: `app.param('id', (req, res, next, id) => …)`. */
  param(name: string, handler: ParamHandler): this;
}

interface GudangApp extends GudangRouter {
  /** A setting: `app.set('json spaces', 2)`, `app.enable('strict routing')`. */
  set(setting: string, value: any): this;
  get(setting: string): any;
  get(path: RoutePath, ...handlers: Handlers): this;
  enable(setting: string): this;
  disable(setting: string): this;
  enabled(setting: string): boolean;
  disabled(setting: string): boolean;
  param(name: string | string[], handler: ParamHandler): this;
  locals: Record<string, any>;
  /** Not needed: Gudang already serves your app at its sandbox URL (it only logs that). */
  listen(...args: any[]): { close(): void };
}

interface GudangExpress {
  /** The app (Gudang has one per session): `const app = express()` in tutorial code gives it. */
  (): GudangApp;
  /** A router of its own, to mount with `app.use('/api', router)`. */
  Router(options?: { caseSensitive?: boolean; mergeParams?: boolean; strict?: boolean }): GudangRouter;
  /** The body is already parsed before your code runs: these are here so tutorial code works. */
  json(options?: object): Handler;
  urlencoded(options?: object): Handler;
  text(options?: object): Handler;
  raw(options?: object): Handler;
}

interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
  /** The id of the row an INSERT created. */
  lastInsertRowid: number | undefined;
}

interface GudangDatabase {
  /** Runs SQL and returns the rows. Put values in `?` parameters: `db.query('… WHERE id = ?', [id])`. */
  query<T extends Row = Row>(sql: string, params?: SqlParams): T[];
  /** The first row, or undefined. */
  get<T extends Row = Row>(sql: string, params?: SqlParams): T | undefined;
  /** Runs INSERT, UPDATE, DELETE or BEGIN/COMMIT; returns how many rows changed. */
  run(sql: string, params?: SqlParams): RunResult;
}

interface PaymentService {
  /** Charges a card. The card 4000000000000002 is always declined. Throws when the payment fails. */
  charge(input: { amount: number; card: string; description?: string }): { status: 'paid'; amount: number; transactionId: string };
}
interface MapsService {
  geocode(input: { place: string }): { place: string; lat: number; lng: number };
  distance(input: { from: string; to: string }): { from: string; to: string; km: number };
}

/** Your app: register routes and middleware on it. */
declare const app: GudangApp;
/** Express itself: `express.Router()`, and `express()` (which is `app`). */
declare const express: GudangExpress;
/** Only `require('express')` works: everything else is already here. */
declare function require(name: 'express'): GudangExpress;

/** Node's Buffer: `Buffer.from(header, 'base64').toString()`. */
declare const Buffer: {
  from(value: string, encoding?: 'utf8' | 'utf-8' | 'base64' | 'base64url' | 'hex' | 'latin1' | 'binary' | 'ascii'): GudangBuffer;
  from(value: ArrayLike<number> | ArrayBuffer | Uint8Array): GudangBuffer;
  alloc(size: number, fill?: string | number): GudangBuffer;
  byteLength(value: string, encoding?: string): number;
  concat(list: Uint8Array[]): GudangBuffer;
  isBuffer(value: any): value is GudangBuffer;
};
interface GudangBuffer extends Uint8Array {
  toString(encoding?: 'utf8' | 'utf-8' | 'base64' | 'base64url' | 'hex' | 'latin1' | 'binary' | 'ascii'): string;
  equals(other: Uint8Array): boolean;
}
/**
 * Timers live only while the request (or start-up) runs, within its time limit: one still pending
 * when the response has gone is cancelled, and the trace says so.
 */
declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): number;
declare function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): number;
declare function setImmediate(callback: (...args: any[]) => void, ...args: any[]): number;
declare function clearTimeout(id: number | undefined): void;
declare function clearInterval(id: number | undefined): void;
declare function clearImmediate(id: number | undefined): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;
declare function atob(data: string): string;
declare function btoa(data: string): string;
declare const crypto: { randomUUID(): string; getRandomValues<T extends Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array>(array: T): T };
/** Your database (SQLite). */
declare const db: GudangDatabase;
/** Writes a line to the trace, shown as a log step. */
declare function log(...values: any[]): void;
/** Simulated outside services the lesson offers (payment gateway, maps). */
declare const services: { payment: PaymentService; maps: MapsService; [name: string]: any };
/** Hashes a password for storing (scrypt, salted). Never store the password itself. */
declare function hash(password: string): string;
/** Checks a password against a stored hash. */
declare function verify(password: string, storedHash: string): boolean;

/** The web's URL (the editor has no browser types, so here is what Gudang's sandbox offers). */
declare class URLSearchParams implements Iterable<[string, string]> {
  constructor(init?: string | Record<string, string> | Iterable<[string, string]>);
  readonly size: number;
  append(name: string, value: string): void;
  delete(name: string, value?: string): void;
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string, value?: string): boolean;
  set(name: string, value: string): void;
  sort(): void;
  forEach(callback: (value: string, name: string, params: URLSearchParams) => void): void;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
  entries(): IterableIterator<[string, string]>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
  toString(): string;
}
declare class URL {
  constructor(url: string, base?: string | URL);
  static canParse(url: string, base?: string): boolean;
  href: string;
  readonly origin: string;
  protocol: string;
  username: string;
  password: string;
  host: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  readonly searchParams: URLSearchParams;
  hash: string;
  toString(): string;
  toJSON(): string;
}
declare class TextEncoder {
  readonly encoding: 'utf-8';
  encode(text?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: 'utf-8' | 'utf8', options?: { fatal?: boolean });
  readonly encoding: 'utf-8';
  decode(input?: Uint8Array | ArrayBuffer): string;
}
