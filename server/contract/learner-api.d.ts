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
  /** Path and query string inside your app, e.g. `/api/products?page=2`. */
  url: string;
  originalUrl: string;
  /** Path without the query string, e.g. `/api/products/7`. */
  path: string;
  /** Route parameters: `:id` in `/api/products/:id` is `req.params.id` (always text). */
  params: Record<string, string>;
  /** Query string values: `?page=2` is `req.query.page` (text, or a list when repeated). */
  query: Record<string, string | string[] | undefined>;
  /** Request headers, names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body: JSON object or array, form fields, or text; `undefined` for other types. */
  body: any;
  /** Whatever a middleware put there, e.g. the logged-in user. */
  user?: any;
  ip: string;
  /** A header by name, case-insensitive: `req.get('Authorization')`. */
  get(name: string): string | undefined;
  header(name: string): string | undefined;
  [key: string]: any;
}

interface GudangResponse {
  statusCode: number;
  headersSent: boolean;
  locals: Record<string, any>;
  /** Sets the status code (100–999): `res.status(404).json({ error: 'not found' })`. */
  status(code: number): GudangResponse;
  /** Sets a header, or several from an object. */
  set(field: string, value: string | number | string[]): GudangResponse;
  set(fields: Record<string, string | number | string[]>): GudangResponse;
  header(field: string, value: string | number | string[]): GudangResponse;
  get(field: string): string | string[] | undefined;
  append(field: string, value: string | string[]): GudangResponse;
  /** Sets Content-Type: `res.type('json')`, `res.type('text/csv')`. */
  type(type: string): GudangResponse;
  /** Sends JSON (`application/json`). */
  json(body: any): GudangResponse;
  /** Sends text as HTML, objects and numbers as JSON, like Express. */
  send(body?: any): GudangResponse;
  /** Sends an HTML page (`text/html`). */
  html(markup: string): GudangResponse;
  /** Sets the status and sends its name as text: `res.sendStatus(204)`. */
  sendStatus(code: number): GudangResponse;
  end(body?: string): GudangResponse;
  redirect(url: string): GudangResponse;
  redirect(status: number, url: string): GudangResponse;
}

/** Call `next()` to pass the request on, `next(error)` to jump to the error handler. */
type NextFunction = (error?: any) => void;
type Handler = (req: GudangRequest, res: GudangResponse, next: NextFunction) => unknown;
type ErrorHandler = (error: any, req: GudangRequest, res: GudangResponse, next: NextFunction) => unknown;

interface GudangApp {
  get(path: string, ...handlers: Handler[]): GudangApp;
  post(path: string, ...handlers: Handler[]): GudangApp;
  put(path: string, ...handlers: Handler[]): GudangApp;
  patch(path: string, ...handlers: Handler[]): GudangApp;
  delete(path: string, ...handlers: Handler[]): GudangApp;
  all(path: string, ...handlers: Handler[]): GudangApp;
  /** Middleware: runs for every request (or every request under `path`), in order. */
  use(...handlers: Array<Handler | ErrorHandler>): GudangApp;
  use(path: string, ...handlers: Array<Handler | ErrorHandler>): GudangApp;
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
