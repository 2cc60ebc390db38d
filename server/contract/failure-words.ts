import type { Failure, FailureCode, FailureOf, HintCode } from './failure.js';
import type { Language } from './lesson.js';

/** 1.5 MB, 64 KB: limits as a learner reads them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

const seconds = (ms: number) => `${+(ms / 1000).toFixed(1)} s`;

type Words = { [C in FailureCode]: (params: FailureOf<C>['params']) => string };

/**
 * What Gudang says about each failure, in each language. For failures that carry someone else's
 * text (`detail`), this is the lead-in; the detail follows it unchanged.
 */
export const failureWords: Record<Language, Words> = {
  en: {
    runtime_error: () => 'Your code stopped with an error',
    no_response: () => 'Your code finished without sending a response: call res.json(…), res.send(…) or next()',
    timeout: (p) => `Your code ran longer than ${seconds(p.limitMs)} and was stopped`,
    timeout_restarted: (p) => `Your code ran longer than ${seconds(p.limitMs)} and was stopped; the sandbox was restarted and your data is as it was before this request`,
    out_of_memory: (p) =>
      `Your code used more than ${formatBytes(p.limitBytes)} of memory${p.stackBytes ? `: its call stack (${formatBytes(p.stackBytes)}) ran out, so a function calls itself too deeply` : ''}`,
    response_too_large: (p) => `The response was larger than ${formatBytes(p.limitBytes)}`,
    log_too_large: (p) => `Your log output was larger than ${formatBytes(p.limitBytes)}`,
    too_many_queries: (p) => `Your code ran more than ${p.limit} queries in one request`,
    too_many_rows: (p) => `Your query returned more than ${p.limit} rows`,
    sql_memory_exceeded: (p) => `Your SQL needed more than ${formatBytes(p.limitBytes)} of memory in one request (a value or a result too large to build) and was stopped`,
    sql_value_too_large: (p) => `${{ text: 'SQL text is', parameter: 'SQL parameters are', value: 'SQL values are' }[p.what]} limited to ${formatBytes(p.limitBytes)}`,
    query_result_too_large: (p) => `Your query returned more than ${formatBytes(p.limitBytes)} of data`,
    database_too_large: (p) => `The database is limited to ${formatBytes(p.limitBytes)} and this statement would make it larger`,
    payload_too_large: (p) => `Your code passed more than ${formatBytes(p.limitBytes)} to db, log, res or services in one call`,
    too_many_headers: (p) => `Your response has ${p.count} headers (counting Gudang's own); the limit is ${p.limit}`,
    headers_too_large: (p) => `Your response headers are ${formatBytes(p.sizeBytes)} (counting Gudang's own); the limit is ${formatBytes(p.limitBytes)}`,
    paused: (p) => `Your code was stopped ${p.strikes} times in a row (it ran too long or used too much memory), so Gudang paused it for ${p.seconds} s; change the code to run it again at once`,
    quarantine_full: (p) =>
      `New code, and code that was stopped for running too long or using too much memory, runs in a separate sandbox, and too many requests are waiting there now; try again in ${p.seconds} s`,
    sandbox_crashed: () => 'The sandbox stopped unexpectedly and was restarted; your data is as it was before this request',
    invalid_response: () => 'Your response could not be sent',
    body_too_large: (p) => `The request body is larger than the limit of ${formatBytes(p.limitBytes)}`,
    body_unreadable: () => 'The request body could not be read',
    body_invalid_json: () => 'The request body is not valid JSON',
    wrong_method: (p) => `Express answered 404 because no route handles ${p.method} ${p.path} — but this path has a route for ${p.allowed.join(', ')}: the method is wrong, not the path`,
  },
  id: {
    runtime_error: () => 'Kodemu berhenti karena kesalahan',
    no_response: () => 'Kodemu selesai tanpa mengirim respons: panggil res.json(…), res.send(…) atau next()',
    timeout: (p) => `Kodemu berjalan lebih dari ${seconds(p.limitMs)} dan dihentikan`,
    timeout_restarted: (p) => `Kodemu berjalan lebih dari ${seconds(p.limitMs)} dan dihentikan; sandbox dijalankan ulang dan datamu kembali seperti sebelum permintaan ini`,
    out_of_memory: (p) =>
      `Kodemu memakai memori lebih dari ${formatBytes(p.limitBytes)}${p.stackBytes ? `: tumpukan pemanggilannya (${formatBytes(p.stackBytes)}) habis, jadi sebuah fungsi memanggil dirinya sendiri terlalu dalam` : ''}`,
    response_too_large: (p) => `Respons lebih besar dari ${formatBytes(p.limitBytes)}`,
    log_too_large: (p) => `Keluaran log-mu lebih besar dari ${formatBytes(p.limitBytes)}`,
    too_many_queries: (p) => `Kodemu menjalankan lebih dari ${p.limit} kueri dalam satu permintaan`,
    too_many_rows: (p) => `Kuerimu mengembalikan lebih dari ${p.limit} baris`,
    sql_memory_exceeded: (p) => `SQL-mu butuh memori lebih dari ${formatBytes(p.limitBytes)} dalam satu permintaan (nilai atau hasil yang terlalu besar untuk dibuat) dan dihentikan`,
    sql_value_too_large: (p) => `${{ text: 'Teks', parameter: 'Parameter', value: 'Nilai' }[p.what]} SQL dibatasi ${formatBytes(p.limitBytes)}`,
    query_result_too_large: (p) => `Kuerimu mengembalikan data lebih dari ${formatBytes(p.limitBytes)}`,
    database_too_large: (p) => `Database dibatasi ${formatBytes(p.limitBytes)} dan pernyataan ini akan membuatnya lebih besar`,
    payload_too_large: (p) => `Kodemu mengirim lebih dari ${formatBytes(p.limitBytes)} ke db, log, res atau services dalam satu panggilan`,
    too_many_headers: (p) => `Responsmu punya ${p.count} header (termasuk milik Gudang); batasnya ${p.limit}`,
    headers_too_large: (p) => `Header responsmu berukuran ${formatBytes(p.sizeBytes)} (termasuk milik Gudang); batasnya ${formatBytes(p.limitBytes)}`,
    paused: (p) =>
      `Kodemu dihentikan ${p.strikes} kali berturut-turut (terlalu lama atau memakai terlalu banyak memori), jadi Gudang menjedanya selama ${p.seconds} detik; ubah kodenya untuk langsung menjalankannya lagi`,
    quarantine_full: (p) =>
      `Kode baru, dan kode yang pernah dihentikan karena terlalu lama atau memakai terlalu banyak memori, berjalan di sandbox terpisah, dan sekarang terlalu banyak permintaan mengantre di sana; coba lagi dalam ${p.seconds} detik`,
    sandbox_crashed: () => 'Sandbox berhenti tanpa diduga dan dijalankan ulang; datamu kembali seperti sebelum permintaan ini',
    invalid_response: () => 'Responsmu tidak bisa dikirim',
    body_too_large: (p) => `Body permintaan lebih besar dari batas ${formatBytes(p.limitBytes)}`,
    body_unreadable: () => 'Body permintaan tidak bisa dibaca',
    body_invalid_json: () => 'Body permintaan bukan JSON yang valid',
    wrong_method: (p) => `Express menjawab 404 karena tidak ada rute untuk ${p.method} ${p.path} — tetapi path ini punya rute untuk ${p.allowed.join(', ')}: metodenya yang salah, bukan path-nya`,
  },
};

/** Plain explanations for recognisable runtime errors (see `server/sandbox/runtime-hints.ts`). */
export const hintWords: Record<Language, Record<HintCode, string>> = {
  en: {
    no_json_body: 'The request had no JSON body, so req.body is undefined. Send a JSON body (Body → JSON), or check req.body before using it.',
    undefined_value: 'Something your code used was undefined: a value that does not exist, such as a row db.get did not find or a field the request did not send.',
    not_defined: 'Your code uses a name that does not exist here. Check its spelling; the sandbox has app, req, res, db, log, services, hash and verify.',
    not_a_function: 'Your code called something that is not a function. Check the spelling (db.query, db.get, db.run, res.json, res.status…).',
    unique_violation: 'The database already has a row with this value in a UNIQUE column. Answer 409 for a duplicate, or reset the data to start again.',
    no_such_table: 'The database has no table with that name: check the spelling against the Database panel.',
    no_such_column: 'That table has no column with that name: check the spelling against the Database panel.',
    sql_syntax: 'The database could not read this SQL: look near the word it names for a typo or a missing comma or quote.',
    outside_request: 'db, log and services work only while a request is being handled: call them inside a route handler or middleware.',
    prototype_changed: 'The sandbox could not read what your code sent: was JSON or Object.prototype changed?',
  },
  id: {
    no_json_body: 'Permintaan tidak membawa body JSON, jadi req.body bernilai undefined. Kirim body JSON (Body → JSON), atau periksa req.body sebelum memakainya.',
    undefined_value: 'Ada yang dipakai kodemu bernilai undefined: nilai yang tidak ada, misalnya baris yang tidak ditemukan db.get atau field yang tidak dikirim permintaan.',
    not_defined: 'Kodemu memakai nama yang tidak ada di sini. Periksa ejaannya; sandbox punya app, req, res, db, log, services, hash dan verify.',
    not_a_function: 'Kodemu memanggil sesuatu yang bukan fungsi. Periksa ejaannya (db.query, db.get, db.run, res.json, res.status…).',
    unique_violation: 'Database sudah punya baris dengan nilai ini di kolom UNIQUE. Jawab 409 untuk data ganda, atau atur ulang data untuk mulai lagi.',
    no_such_table: 'Database tidak punya tabel dengan nama itu: cocokkan ejaannya dengan panel Basis data.',
    no_such_column: 'Tabel itu tidak punya kolom dengan nama itu: cocokkan ejaannya dengan panel Basis data.',
    sql_syntax: 'Database tidak bisa membaca SQL ini: cari salah ketik, koma atau tanda kutip yang hilang di dekat kata yang disebutnya.',
    outside_request: 'db, log dan services hanya bekerja saat sebuah permintaan sedang ditangani: panggil di dalam handler rute atau middleware.',
    prototype_changed: 'Sandbox tidak bisa membaca apa yang dikirim kodemu: apakah JSON atau Object.prototype diubah?',
  },
};

/** One frame of the learner's code, as the error step carries it. */
export interface FailureFrame {
  fn: string | null;
  line: number;
}

export const frameWords: Record<Language, (frame: FailureFrame) => string> = {
  en: (f) => `at ${f.fn ?? 'your code'} (line ${f.line})`,
  id: (f) => `di ${f.fn ?? 'kodemu'} (baris ${f.line})`,
};

/** The failure in words: Gudang's sentence, then the original text when there is one. */
export function failureText(failure: Failure, language: Language): string {
  const words = (failureWords[language][failure.code] as (params: Failure['params']) => string)(failure.params);
  return 'detail' in failure.params ? `${words}: ${failure.params.detail}` : words;
}

/** `failureText` with the plain hint after it, for places that show one line (check results). */
export function failureTextWithHint(failure: Failure, language: Language): string {
  const text = failureText(failure, language);
  const hint = failure.code === 'runtime_error' ? failure.params.hint : undefined;
  return hint ? `${text} — ${hintWords[language][hint]}` : text;
}
