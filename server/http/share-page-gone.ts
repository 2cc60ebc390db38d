import { strings } from '../../web/src/i18n/strings.js';

/**
 * The page of a share link that no longer works (or never did): plain HTML in both languages, the
 * reader's first, so it says what happened without the app's scripts.
 */
export function sharePageGone(state: 'expired' | 'unknown', acceptLanguage = ''): string {
  const order = /^\s*id\b/i.test(acceptLanguage) ? (['id', 'en'] as const) : (['en', 'id'] as const);
  const parts = order.map((language) => {
    const t = strings[language];
    return `<section lang="${language}"><h1>${state === 'expired' ? t.shareExpired : t.shareUnknown}</h1><p>${state === 'expired' ? t.shareExpiredWhy : t.shareUnknownWhy}</p><p><a href="/">${t.shareOpenGudang}</a></p></section>`;
  });
  return `<!doctype html>
<html lang="${order[0]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Gudang</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1b1f24;background:#fff}h1{font-size:1.4rem}a{color:#0b57d0}section+section{border-top:1px solid #ccc;margin-top:2rem}</style>
</head><body><main>${parts.join('\n')}</main></body></html>`;
}
