// WHATWG URL and URLSearchParams for the guest: special schemes (http, https, ws, wss, ftp, file)
// with host, port and path resolution, relative URLs against a base, and query parameters.
const DEFAULT_PORTS = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21', 'file:': '' };

const encodeQuery = (s) =>
  encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const decodeQuery = (s) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a path must encode
const encodePath = (s) => s.replace(/[\x00-\x20"#<>?`{}\x7f-\uffff]/g, (c) => encodeURIComponent(c));

export class URLSearchParams {
  constructor(init) {
    this._list = [];
    this._url = null;
    if (init == null) return;
    if (typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
      for (const pair of init) {
        const p = Array.from(pair);
        if (p.length !== 2) throw new TypeError("Failed to construct 'URLSearchParams': parameter 1 sequence's element does not contain exactly two elements.");
        this._list.push([String(p[0]), String(p[1])]);
      }
    } else if (typeof init === 'object') {
      for (const key of Object.keys(init)) this._list.push([key, String(init[key])]);
    } else this._parse(String(init));
  }
  _parse(text) {
    this._list = [];
    const s = text[0] === '?' ? text.slice(1) : text;
    for (const part of s.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      this._list.push(eq === -1 ? [decodeQuery(part), ''] : [decodeQuery(part.slice(0, eq)), decodeQuery(part.slice(eq + 1))]);
    }
  }
  _update() {
    if (this._url) this._url._search = this._list.length ? '?' + this.toString() : '';
  }
  get size() {
    return this._list.length;
  }
  append(name, value) {
    this._list.push([String(name), String(value)]);
    this._update();
  }
  delete(name, value) {
    this._list = this._list.filter(([k, v]) => !(k === String(name) && (value === undefined || v === String(value))));
    this._update();
  }
  get(name) {
    const found = this._list.find(([k]) => k === String(name));
    return found ? found[1] : null;
  }
  getAll(name) {
    return this._list.filter(([k]) => k === String(name)).map(([, v]) => v);
  }
  has(name, value) {
    return this._list.some(([k, v]) => k === String(name) && (value === undefined || v === String(value)));
  }
  set(name, value) {
    const key = String(name);
    const index = this._list.findIndex(([k]) => k === key);
    if (index === -1) this._list.push([key, String(value)]);
    else {
      this._list[index][1] = String(value);
      this._list = this._list.filter(([k], i) => k !== key || i === index);
    }
    this._update();
  }
  sort() {
    this._list = this._list
      .map((p, i) => [p, i])
      .sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]))
      .map(([p]) => p);
    this._update();
  }
  forEach(callback, thisArg) {
    for (const [k, v] of this._list) callback.call(thisArg, v, k, this);
  }
  keys() {
    return this._list.map(([k]) => k)[Symbol.iterator]();
  }
  values() {
    return this._list.map(([, v]) => v)[Symbol.iterator]();
  }
  entries() {
    return this._list.map(([k, v]) => [k, v])[Symbol.iterator]();
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  toString() {
    return this._list.map(([k, v]) => encodeQuery(k) + '=' + encodeQuery(v)).join('&');
  }
}

const PATTERN = /^([a-zA-Z][a-zA-Z0-9+.-]*:)(?:\/\/(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?)?([^?#]*)(\?[^#]*)?(#.*)?$/;

function normalisePath(path) {
  const out = [];
  const segments = path.split('/');
  segments.forEach((segment, i) => {
    if (segment === '..') {
      if (out.length > 1) out.pop();
      if (i === segments.length - 1) out.push('');
    } else if (segment === '.') {
      if (i === segments.length - 1) out.push('');
    } else out.push(segment);
  });
  const joined = out.join('/');
  return joined[0] === '/' ? joined : '/' + joined;
}

export class URL {
  constructor(input, base) {
    let text = String(input).trim();
    if (base !== undefined && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text)) {
      const b = new URL(base);
      if (text.startsWith('//')) text = b.protocol + text;
      else if (text[0] === '/') text = b.origin + text;
      else if (text[0] === '?') text = b.origin + b.pathname + text;
      else if (text[0] === '#') text = b.origin + b.pathname + b.search + text;
      else if (text === '') text = b.origin + b.pathname + b.search;
      else text = b.origin + b.pathname.replace(/[^/]*$/, '') + text;
    }
    const m = PATTERN.exec(text.replace(/\\/g, '/'));
    if (!m || (m[1].toLowerCase() in DEFAULT_PORTS && m[4] === undefined)) {
      const error = new TypeError('Invalid URL');
      error.code = 'ERR_INVALID_URL';
      error.input = String(input);
      throw error;
    }
    this._protocol = m[1].toLowerCase();
    this._username = m[2] || '';
    this._password = m[3] || '';
    this._hostname = (m[4] || '').toLowerCase();
    this._port = m[5] && m[5] !== DEFAULT_PORTS[this._protocol] ? String(Number(m[5])) : '';
    const special = this._protocol in DEFAULT_PORTS;
    this._pathname = special ? normalisePath(encodePath(m[6] || '/')) : encodePath(m[6] || '');
    this._search = m[7] && m[7] !== '?' ? encodePath(m[7]).replace(/%3F/g, '?') : '';
    this._hash = m[8] && m[8] !== '#' ? m[8] : '';
    this._params = new URLSearchParams(this._search);
    this._params._url = this;
  }
  get protocol() {
    return this._protocol;
  }
  set protocol(v) {
    this._protocol = String(v).replace(/:?$/, ':').toLowerCase();
  }
  get username() {
    return this._username;
  }
  set username(v) {
    this._username = String(v);
  }
  get password() {
    return this._password;
  }
  set password(v) {
    this._password = String(v);
  }
  get hostname() {
    return this._hostname;
  }
  set hostname(v) {
    this._hostname = String(v).toLowerCase();
  }
  get port() {
    return this._port;
  }
  set port(v) {
    this._port = String(v) === DEFAULT_PORTS[this._protocol] ? '' : String(v);
  }
  get host() {
    return this._hostname + (this._port ? ':' + this._port : '');
  }
  set host(v) {
    const [h, p] = String(v).split(':');
    this.hostname = h;
    if (p !== undefined) this.port = p;
  }
  get origin() {
    return this._protocol in DEFAULT_PORTS && this._protocol !== 'file:' ? this._protocol + '//' + this.host : 'null';
  }
  get pathname() {
    return this._pathname;
  }
  set pathname(v) {
    this._pathname = normalisePath(encodePath(String(v)));
  }
  get search() {
    return this._search.length > 1 ? this._search : '';
  }
  set search(v) {
    const s = String(v);
    this._search = s === '' || s === '?' ? '' : s[0] === '?' ? s : '?' + s;
    this._params._parse(this._search);
  }
  get searchParams() {
    return this._params;
  }
  get hash() {
    return this._hash.length > 1 ? this._hash : '';
  }
  set hash(v) {
    const s = String(v);
    this._hash = s === '' ? '' : s[0] === '#' ? s : '#' + s;
  }
  get href() {
    const auth = this._username || this._password ? this._username + (this._password ? ':' + this._password : '') + '@' : '';
    const authority = this._protocol in DEFAULT_PORTS || this._hostname ? '//' + auth + this.host : '';
    return this._protocol + authority + this._pathname + this.search + this.hash;
  }
  set href(v) {
    Object.assign(this, new URL(v));
  }
  toString() {
    return this.href;
  }
  toJSON() {
    return this.href;
  }
  static canParse(input, base) {
    try {
      new URL(input, base);
      return true;
    } catch {
      return false;
    }
  }
}
