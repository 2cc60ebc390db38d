// Express 5's request getters and helpers (lib/request.js) for the guest. The request itself
// (method, url, headers, parsed body, query) was received and parsed by real Express on the host.
import parseurl from 'parseurl';
import contentTypeLib from 'content-type';
import { cookieModule, negotiatorModule } from './lazy-modules.js';
import { lookup } from './mime.js';
import { parse } from './protocol.js';

const negotiate = (req) => {
  const Negotiator = negotiatorModule();
  return new Negotiator(req);
};

const extToMime = (type) => (type.indexOf('/') === -1 ? lookup(type) : type);

function typesArgs(args) {
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : Array.prototype.slice.call(args);
}

function preferred(negotiator, kind, args, fallbackFirst) {
  const offers = typesArgs(args);
  if (offers.length === 0) return negotiator[kind]();
  return negotiator[kind](offers)[0] || (fallbackFirst ? offers[0] : false) || false;
}

/** type-is's matching of one actual type against wanted ones ("json", "text/*", "+json"). */
function typeMatches(actual, wanted) {
  for (const want of wanted) {
    let type = want;
    if (type[0] === '+') type = '*/*' + type;
    else if (type.indexOf('/') === -1) type = lookup(type) || '';
    if (!type) continue;
    const [a0, a1] = actual.split('/');
    const [w0, w1] = type.split('/');
    if (!a1 || !w1) continue;
    if (w0 !== '*' && w0 !== a0) continue;
    if (w1.slice(0, 2) === '*+') {
      if (w1.length <= a1.length + 1 && w1.slice(1) === a1.slice(1 - w1.length)) return want;
      continue;
    }
    if (w1 !== '*' && w1 !== a1) continue;
    return want[0] === '+' || want.indexOf('*') !== -1 ? actual : want;
  }
  return false;
}

export const request = {
  get(name) {
    if (!name) throw new TypeError('name argument is required to req.get');
    if (typeof name !== 'string') throw new TypeError('name must be a string to req.get');
    const lc = name.toLowerCase();
    if (lc === 'referer' || lc === 'referrer') return this.headers.referrer || this.headers.referer;
    return this.headers[lc];
  },
  header(name) {
    return this.get(name);
  },
  accepts() {
    const negotiator = negotiate(this);
    const types = typesArgs(arguments);
    if (types.length === 0) return negotiator.mediaTypes();
    if (!this.headers.accept) return types[0];
    const mimes = types.map(extToMime);
    const accepted = negotiator.mediaTypes(mimes.filter((m) => typeof m === 'string'));
    return accepted[0] ? types[mimes.indexOf(accepted[0])] : false;
  },
  acceptsEncodings() {
    return preferred(negotiate(this), 'encodings', arguments, false);
  },
  acceptsCharsets() {
    return preferred(negotiate(this), 'charsets', arguments, !this.headers['accept-charset']);
  },
  acceptsLanguages() {
    return preferred(negotiate(this), 'languages', arguments, !this.headers['accept-language']);
  },
  is(types) {
    const list = Array.isArray(types) ? types : Array.prototype.slice.call(arguments);
    const hasBody = this.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(this.headers['content-length']));
    if (!hasBody) return null;
    let actual;
    try {
      actual = contentTypeLib.parse(this.headers['content-type'] || '').type;
    } catch {
      return false;
    }
    if (list.length === 0) return actual;
    return typeMatches(actual, list);
  },
  get path() {
    return parseurl(this).pathname;
  },
  get protocol() {
    return this.connectionProtocol || 'http';
  },
  get secure() {
    return this.protocol === 'https';
  },
  get host() {
    return this.get('Host');
  },
  get hostname() {
    const host = this.get('Host');
    if (!host) return undefined;
    const offset = host[0] === '[' ? host.indexOf(']') + 1 : 0;
    const index = host.indexOf(':', offset);
    return index !== -1 ? host.substring(0, index) : host;
  },
  get subdomains() {
    const hostname = this.hostname;
    if (!hostname) return [];
    const offset = this.app.get('subdomain offset');
    const subdomains = /^[\d.]+$/.test(hostname) || hostname.indexOf(':') !== -1 ? [hostname] : hostname.split('.').reverse();
    return subdomains.slice(offset);
  },
  get xhr() {
    return String(this.headers['x-requested-with'] || '').toLowerCase() === 'xmlhttprequest';
  },
  get cookies() {
    const header = this.headers.cookie;
    const parsed = header ? cookieModule().parse(String(header)) : {};
    // cookie-parser's JSON cookies: "j:{...}" becomes the object.
    for (const key of Object.keys(parsed)) {
      if (parsed[key].slice(0, 2) === 'j:') {
        try {
          parsed[key] = parse(parsed[key].slice(2));
        } catch {}
      }
    }
    Object.defineProperty(this, 'cookies', { value: parsed, writable: true, configurable: true, enumerable: true });
    return parsed;
  },
};
