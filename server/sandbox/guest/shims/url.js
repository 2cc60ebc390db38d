// parseurl falls back to Node's url.parse for unusual paths; request URLs here are always
// origin-form ("/path?query"), so splitting at "?" and "#" gives what url.parse would.
export function Url() {}
export function parse(str) {
  const url = new Url();
  const hash = str.indexOf('#');
  const noHash = hash === -1 ? str : str.slice(0, hash);
  const q = noHash.indexOf('?');
  url.pathname = q === -1 ? noHash : noHash.slice(0, q);
  url.search = q === -1 ? null : noHash.slice(q);
  url.query = q === -1 ? null : noHash.slice(q + 1);
  url.path = noHash;
  url.href = str;
  url._raw = str;
  return url;
}
export default { Url, parse };
