// What Express answers when nothing else did (finalhandler 2, production mode): a 404 page, or the
// error's status page, with the error itself recorded in the trace for the learner.
import encodeUrl from 'encodeurl';
import escapeHtml from 'escape-html';
import parseurl from 'parseurl';
import statuses from 'statuses';
import { call, describeError } from './protocol.js';

function htmlDocument(message) {
  const body = escapeHtml(message).split('\n').join('<br>').split('  ').join(' &nbsp;');
  return '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>' + body + '</pre>\n</body>\n</html>\n';
}

const errorStatus = (err) => {
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 600) return err.status;
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600) return err.statusCode;
  return undefined;
};

/** `allowedMethods(path)`: the methods routes have for a path, for the trace of a wrong method. */
export function finalHandler(req, res, allowedMethods) {
  return function (err) {
    if (!err && res.headersSent) return;
    let status;
    let headers;
    let message;
    if (err) {
      call('error', Object.assign({ code: 'runtime_error' }, describeError(err)));
      status = errorStatus(err);
      if (status === undefined) {
        status = typeof res.statusCode === 'number' && res.statusCode >= 400 && res.statusCode <= 599 ? res.statusCode : 500;
      } else if (err.headers && typeof err.headers === 'object') headers = Object.assign({}, err.headers);
      message = statuses.message[status];
    } else {
      // Express's answer stays as it is; the trace adds that the path exists with other methods.
      const path = parseurl.original(req).pathname;
      const allowed = allowedMethods ? allowedMethods(path).filter((m) => m !== req.method) : [];
      if (allowed.length > 0) call('wrongMethod', { method: req.method, path, allowed: allowed.slice(0, 10) });
      status = 404;
      message = 'Cannot ' + req.method + ' ' + encodeUrl(parseurl.original(req).pathname);
    }
    if (res.headersSent) return;
    res.statusCode = status;
    res.statusMessage = statuses.message[status];
    for (const name of ['Content-Encoding', 'Content-Language', 'Content-Range']) res.removeHeader(name);
    if (headers) for (const key of Object.keys(headers)) res.setHeader(key, headers[key]);
    res.setHeader('Content-Security-Policy', "default-src 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(htmlDocument(message));
  };
}
