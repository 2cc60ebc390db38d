// Express 5's response methods (lib/response.js), written for the guest on top of server-response.js.
// Features that need a file system or a view engine say so instead of pretending.
import contentTypeLib from 'content-type';
import encodeUrl from 'encodeurl';
import escapeHtml from 'escape-html';
import statuses from 'statuses';
import vary from 'vary';
import { contentDispositionModule, cookieModule } from './lazy-modules.js';
import { contentType, lookup } from './mime.js';
import { describeValue, serverResponse } from './server-response.js';
import { stringify } from './protocol.js';

const setCharset = (type, charset) => {
  const parsed = contentTypeLib.parse(type);
  parsed.parameters.charset = charset;
  return contentTypeLib.format(parsed);
};

/** "text/html;q=.5" → "text/html"; "html" → its type. As Express's utils.normalizeType. */
export function normalizeType(type) {
  return type.indexOf('/') !== -1 ? type.split(';')[0].trim() : lookup(type) || 'application/octet-stream';
}

function jsonText(app, value) {
  const replacer = app.get('json replacer');
  const spaces = app.get('json spaces');
  let json = replacer || spaces ? JSON.stringify(value, replacer, spaces) : JSON.stringify(value);
  if (app.get('json escape') && typeof json === 'string') json = json.replace(/[<>&]/g, (c) => '\\u00' + c.charCodeAt(0).toString(16));
  return json;
}

/** Node's path.basename and path.extname (POSIX): "b.txt" and ".txt" for "a/b.txt", "" for ".bashrc". */
const basename = (path) => String(path).replace(/\/+$/, '').replace(/^.*\//, '');
function extname(path) {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot) : '';
}

function notAvailable(name, why) {
  return function () {
    throw new Error('res.' + name + '() is not available in Gudang: ' + why);
  };
}

export const response = Object.assign(Object.create(serverResponse), {
  status(code) {
    if (!Number.isInteger(code)) throw new TypeError('Invalid status code: ' + JSON.stringify(code) + '. Status code must be an integer.');
    if (code < 100 || code > 999) throw new RangeError('Invalid status code: ' + JSON.stringify(code) + '. Status code must be greater than 99 and less than 1000.');
    this.statusCode = code;
    return this;
  },
  links(links) {
    let link = this.get('Link') || '';
    if (link) link += ', ';
    const parts = Object.keys(links).map((rel) => (Array.isArray(links[rel]) ? links[rel].map((one) => '<' + one + '>; rel="' + rel + '"').join(', ') : '<' + links[rel] + '>; rel="' + rel + '"'));
    return this.set('Link', link + parts.join(', '));
  },
  send(body) {
    let chunk = body;
    switch (typeof chunk) {
      case 'string': {
        const type = this.get('Content-Type');
        if (typeof type === 'string') this.set('Content-Type', setCharset(type, 'utf-8'));
        else this.type('html');
        break;
      }
      case 'boolean':
      case 'number':
      case 'object':
        if (chunk === null) chunk = '';
        else if (ArrayBuffer.isView(chunk)) {
          if (!this.get('Content-Type')) this.type('bin');
          chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        } else return this.json(chunk);
        break;
      case 'undefined':
        break;
      default: {
        // What Buffer.from answers in Express for a Symbol, a function or a BigInt body.
        const error = new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. Received ' + describeValue(chunk));
        error.code = 'ERR_INVALID_ARG_TYPE';
        throw error;
      }
    }
    // What res.send does with the finished bytes (ETag, 304 for a fresh request, the bodies that
    // 204, 205 and 304 may not have) is done by the host, which has the bytes.
    const setting = this.app.get('etag');
    this._send = { etag: chunk === undefined || this.get('ETag') ? false : setting === true || setting === 'weak' ? 'weak' : setting === 'strong' ? 'strong' : false };
    this.end(chunk);
    return this;
  },
  json(obj) {
    const body = jsonText(this.app, obj);
    if (!this.get('Content-Type')) this.set('Content-Type', 'application/json');
    return this.send(body);
  },
  jsonp(obj) {
    let body = jsonText(this.app, obj);
    let callback = this.req.query[this.app.get('jsonp callback name')];
    if (!this.get('Content-Type')) {
      this.set('X-Content-Type-Options', 'nosniff');
      this.set('Content-Type', 'application/json');
    }
    if (Array.isArray(callback)) callback = callback[0];
    if (typeof callback === 'string' && callback.length !== 0) {
      this.set('X-Content-Type-Options', 'nosniff');
      this.set('Content-Type', 'text/javascript');
      callback = callback.replace(/[^[\]\w$.]/g, '');
      if (body === undefined) body = '';
      else if (typeof body === 'string') body = body.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
      body = '/**/ typeof ' + callback + " === 'function' && " + callback + '(' + body + ');';
    }
    return this.send(body);
  },
  sendStatus(statusCode) {
    const body = statuses.message[statusCode] || String(statusCode);
    this.status(statusCode);
    this.type('txt');
    return this.send(body);
  },
  contentType(type) {
    return this.type(type);
  },
  type(type) {
    const ct = type.indexOf('/') === -1 ? contentType(type) || 'application/octet-stream' : type;
    return this.set('Content-Type', ct);
  },
  format(obj) {
    const req = this.req;
    const keys = Object.keys(obj).filter((v) => v !== 'default');
    const key = keys.length > 0 ? req.accepts(keys) : false;
    this.vary('Accept');
    if (key) {
      this.set('Content-Type', normalizeType(key));
      obj[key](req, this, req.next);
    } else if (obj.default) obj.default(req, this, req.next);
    else {
      const error = new Error('Not Acceptable');
      error.name = 'NotAcceptableError';
      error.status = error.statusCode = 406;
      error.expose = true;
      error.types = keys.map(normalizeType);
      req.next(error);
    }
    return this;
  },
  attachment(filename) {
    const name = filename !== undefined ? basename(filename) : undefined;
    if (name) this.type(extname(name));
    this.set('Content-Disposition', contentDispositionModule().create(name));
    return this;
  },
  append(field, val) {
    const prev = this.get(field);
    let value = val;
    if (prev) value = Array.isArray(prev) ? prev.concat(val) : Array.isArray(val) ? [prev].concat(val) : [prev, val];
    return this.set(field, value);
  },
  set(field, val) {
    if (arguments.length === 2) {
      let value = Array.isArray(val) ? val.map(String) : String(val);
      if (field.toLowerCase() === 'content-type') {
        if (Array.isArray(value)) throw new TypeError('Content-Type cannot be set to an Array');
        value = contentType(value);
      }
      this.setHeader(field, value);
    } else {
      for (const key in field) this.set(key, field[key]);
    }
    return this;
  },
  get(field) {
    return this.getHeader(field);
  },
  clearCookie(name, options) {
    const opts = Object.assign({ path: '/' }, options, { expires: new Date(1) });
    delete opts.maxAge;
    return this.cookie(name, '', opts);
  },
  cookie(name, value, options) {
    const opts = Object.assign({}, options);
    if (opts.signed) throw new Error('res.cookie(..., { signed: true }) is not available in Gudang: signed cookies need cookie-parser with a secret');
    const val = typeof value === 'object' ? 'j:' + stringify(value) : String(value);
    if (opts.maxAge != null) {
      const maxAge = opts.maxAge - 0;
      if (!Number.isNaN(maxAge)) {
        opts.expires = new Date(Date.now() + maxAge);
        opts.maxAge = Math.floor(maxAge / 1000);
      }
    }
    if (opts.path == null) opts.path = '/';
    return this.append('Set-Cookie', cookieModule().serialize(name, String(val), opts));
  },
  location(url) {
    return this.set('Location', encodeUrl(url));
  },
  redirect(url) {
    let address = url;
    let status = 302;
    let body;
    if (arguments.length === 2) {
      status = arguments[0];
      address = arguments[1];
    }
    address = this.location(address).get('Location');
    this.format({
      text() {
        body = statuses.message[status] + '. Redirecting to ' + address;
      },
      html() {
        body = '<!DOCTYPE html><head><title>' + statuses.message[status] + '</title></head><body><p>' + statuses.message[status] + '. Redirecting to ' + escapeHtml(address) + '</p></body>';
      },
      default() {
        body = '';
      },
    });
    this.status(status);
    // Express sets Content-Length itself here (so a HEAD answer has it too); the host does that.
    this._send = { etag: false };
    this.end(body);
  },
  vary(field) {
    vary(this, field);
    return this;
  },
  html(markup) {
    this.set('Content-Type', 'text/html');
    return this.send(String(markup));
  },
  sendFile: notAvailable('sendFile', 'there are no files; send the content with res.send() or res.json()'),
  download: notAvailable('download', 'there are no files; use res.attachment(name).send(content)'),
  render: notAvailable('render', 'there is no view engine; build the HTML in code and send it with res.send()'),
});

// Express's alias: res.header(field, value) is res.set.
response.header = response.set;
