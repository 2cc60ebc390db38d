import type { Language } from '../../../server/contract/lesson.js';

/** One word explained for a student, in both languages: what it means, and when a backend sends it. */
export type Explanation = Record<Language, string>;

/** The status codes a beginner meets, MDN-style; Indonesian follows docs/GLOSSARY.md. */
export const statusWords: Record<number, Explanation> = {
  200: {
    en: 'OK: the request worked. The backend sends it with the data that was asked for.',
    id: 'OK: permintaan berhasil. Backend mengirimnya bersama data yang diminta.',
  },
  201: {
    en: 'Created: the request made something new, such as a row in the database. Often sent after a POST.',
    id: 'Created: permintaan membuat sesuatu yang baru, misalnya baris di database. Biasanya dikirim setelah POST.',
  },
  204: {
    en: 'No Content: it worked, but there is no body to send back. Common after a DELETE.',
    id: 'No Content: berhasil, tetapi tidak ada body yang dikirim kembali. Umum setelah DELETE.',
  },
  301: {
    en: 'Moved Permanently: the thing lives at a new URL for good; the Location header says where.',
    id: 'Moved Permanently: sumbernya pindah ke URL baru untuk seterusnya; header Location memberi tahu alamatnya.',
  },
  302: {
    en: 'Found: go to another URL for now (the Location header). Sent after a login form, for example.',
    id: 'Found: untuk sementara, buka URL lain (header Location). Dikirim misalnya setelah formulir login.',
  },
  304: {
    en: 'Not Modified: nothing changed since your copy (see ETag), so the browser reuses its cache and no body is sent.',
    id: 'Not Modified: tidak ada yang berubah sejak salinanmu (lihat ETag), jadi browser memakai cache-nya dan tidak ada body yang dikirim.',
  },
  400: {
    en: 'Bad Request: the backend could not understand the request, such as broken JSON or a missing field.',
    id: 'Bad Request: backend tidak bisa memahami permintaan, misalnya JSON rusak atau field yang hilang.',
  },
  401: {
    en: 'Unauthorized: the backend does not know who you are. Log in or send valid credentials (authentication).',
    id: 'Unauthorized: backend tidak tahu siapa kamu. Login atau kirim kredensial yang benar (otentikasi).',
  },
  403: {
    en: 'Forbidden: the backend knows who you are, but you are not allowed to do this (access control).',
    id: 'Forbidden: backend tahu siapa kamu, tetapi kamu tidak punya hak akses untuk ini (kontrol akses).',
  },
  404: {
    en: 'Not Found: no route or item matches this URL. Check the path and the id.',
    id: 'Not Found: tidak ada rute atau data yang cocok dengan URL ini. Periksa path dan id-nya.',
  },
  405: {
    en: 'Method Not Allowed: the route exists, but not for this method (GET, POST…). The Allow header lists the ones it takes.',
    id: 'Method Not Allowed: rutenya ada, tetapi tidak untuk method ini (GET, POST…). Header Allow menyebutkan yang diterima.',
  },
  409: {
    en: 'Conflict: the request clashes with what is already there, such as a name that is taken.',
    id: 'Conflict: permintaan bertabrakan dengan data yang sudah ada, misalnya nama yang sudah dipakai.',
  },
  413: {
    en: 'Content Too Large: the body is bigger than the backend accepts.',
    id: 'Content Too Large: body lebih besar dari yang diterima backend.',
  },
  415: {
    en: 'Unsupported Media Type: the backend cannot read a body of this Content-Type, such as text where it expects JSON.',
    id: 'Unsupported Media Type: backend tidak bisa membaca body dengan Content-Type ini, misalnya teks padahal ia menunggu JSON.',
  },
  422: {
    en: 'Unprocessable Content: the body could be read, but its values are not valid, such as a negative price.',
    id: 'Unprocessable Content: body bisa dibaca, tetapi nilainya tidak valid, misalnya harga negatif.',
  },
  429: {
    en: 'Too Many Requests: you sent too many requests in a short time. Wait (see Retry-After) and try again.',
    id: 'Too Many Requests: kamu mengirim terlalu banyak permintaan dalam waktu singkat. Tunggu (lihat Retry-After) lalu coba lagi.',
  },
  500: {
    en: 'Internal Server Error: something went wrong inside the backend, often an error thrown in the code.',
    id: 'Internal Server Error: ada yang salah di dalam backend, sering karena error yang dilempar di kode.',
  },
  502: {
    en: 'Bad Gateway: a server in front (a proxy) got a broken answer from the backend or an outside service behind it.',
    id: 'Bad Gateway: server di depan (proxy) menerima jawaban rusak dari backend atau layanan eksternal di belakangnya.',
  },
  503: {
    en: 'Service Unavailable: the backend cannot answer right now, for example while it starts or is overloaded.',
    id: 'Service Unavailable: backend belum bisa menjawab sekarang, misalnya saat baru menyala atau kelebihan beban.',
  },
  504: {
    en: 'Gateway Timeout: a server in front waited too long for the backend or an outside service to answer.',
    id: 'Gateway Timeout: server di depan menunggu terlalu lama jawaban dari backend atau layanan eksternal.',
  },
};

/** Common request and response headers, by their lower-case name. */
export const headerWords: Record<string, Explanation> = {
  'content-type': {
    en: 'What kind of data the body is, such as application/json or text/html, so the other side knows how to read it.',
    id: 'Jenis data di body, misalnya application/json atau text/html, agar pihak lain tahu cara membacanya.',
  },
  'content-length': {
    en: 'How many bytes the body has.',
    id: 'Berapa byte isi body.',
  },
  authorization: {
    en: 'Proof of who is sending the request, such as "Bearer <token>". The backend checks it for authentication.',
    id: 'Bukti siapa yang mengirim permintaan, misalnya "Bearer <token>". Backend memeriksanya untuk otentikasi.',
  },
  cookie: {
    en: 'Cookies the browser sends back with every request to this site, such as a session id the backend gave it.',
    id: 'Cookie yang dikirim kembali oleh browser pada setiap permintaan ke situs ini, misalnya id sesi dari backend.',
  },
  'set-cookie': {
    en: 'The backend asks the browser to store a cookie (often a session id) and send it back on later requests.',
    id: 'Backend meminta browser menyimpan cookie (sering id sesi) dan mengirimnya kembali pada permintaan berikutnya.',
  },
  'cache-control': {
    en: 'Whether and for how long a browser or proxy may keep a copy of the response, such as no-store or max-age=60.',
    id: 'Boleh tidaknya, dan berapa lama, browser atau proxy menyimpan salinan respons, misalnya no-store atau max-age=60.',
  },
  etag: {
    en: 'A fingerprint of this version of the response. The browser sends it back in If-None-Match to ask "has it changed?".',
    id: 'Sidik jari versi respons ini. Browser mengirimnya kembali di If-None-Match untuk bertanya "sudah berubah belum?".',
  },
  'if-none-match': {
    en: 'The ETag of the copy the browser already has. If it still matches, the backend answers 304 with no body.',
    id: 'ETag salinan yang sudah dimiliki browser. Jika masih cocok, backend menjawab 304 tanpa body.',
  },
  location: {
    en: 'Where to go next: the URL of a redirect (301, 302) or of the thing just created (201).',
    id: 'Ke mana selanjutnya: URL tujuan redirect (301, 302) atau URL data yang baru dibuat (201).',
  },
  accept: {
    en: 'Which kinds of data the client would like back, such as application/json.',
    id: 'Jenis data yang ingin diterima klien, misalnya application/json.',
  },
  'user-agent': {
    en: 'Which program sent the request: a browser, curl, or an app, with its version.',
    id: 'Program yang mengirim permintaan: browser, curl, atau aplikasi, beserta versinya.',
  },
  host: {
    en: 'The server name (and port) the request is for, so one server can host many sites.',
    id: 'Nama server (dan port) tujuan permintaan, sehingga satu server bisa melayani banyak situs.',
  },
  allow: {
    en: 'The methods this route accepts, such as GET, POST. Sent with 405 Method Not Allowed.',
    id: 'Method yang diterima rute ini, misalnya GET, POST. Dikirim bersama 405 Method Not Allowed.',
  },
  'retry-after': {
    en: 'How long to wait before trying again, in seconds or as a date. Sent with 429 or 503.',
    id: 'Berapa lama menunggu sebelum mencoba lagi, dalam detik atau tanggal. Dikirim bersama 429 atau 503.',
  },
  'x-powered-by': {
    en: 'Which framework made the response, such as Express. Many backends turn it off so attackers learn less (security).',
    id: 'Framework yang membuat respons, misalnya Express. Banyak backend mematikannya agar penyerang tahu lebih sedikit (keamanan).',
  },
  'content-security-policy': {
    en: 'Rules for the browser about which scripts, styles and images a page may load; a defence against injected code.',
    id: 'Aturan bagi browser tentang skrip, gaya, dan gambar apa yang boleh dimuat halaman; pertahanan terhadap kode sisipan.',
  },
  vary: {
    en: 'Which request headers change the response (such as Accept-Encoding), so caches keep a copy for each.',
    id: 'Header permintaan mana yang mengubah respons (misalnya Accept-Encoding), agar cache menyimpan salinan untuk masing-masing.',
  },
  'content-encoding': {
    en: 'How the body was compressed to travel faster, such as gzip or br; the browser unpacks it.',
    id: 'Cara body dikompresi agar lebih cepat dikirim, misalnya gzip atau br; browser membukanya kembali.',
  },
  'accept-encoding': {
    en: 'Which compressions the client can unpack, such as gzip, br.',
    id: 'Kompresi yang bisa dibuka klien, misalnya gzip, br.',
  },
  connection: {
    en: 'Whether the network connection stays open for more requests (keep-alive) or closes after this one.',
    id: 'Apakah koneksi jaringan tetap terbuka untuk permintaan berikutnya (keep-alive) atau ditutup setelah ini.',
  },
  date: {
    en: 'When the server made the response.',
    id: 'Kapan server membuat respons.',
  },
};

// Own keys only, so a header named "constructor" is not explained by Object.prototype.
const lookUp = (table: Record<string, Explanation>, key: string) => (Object.hasOwn(table, key) ? table[key] : undefined);

/** The explanation of a status code, if the table has it. */
export const explainStatus = (status: number): Explanation | undefined => lookUp(statusWords, String(status));

/** The explanation of a header, whatever its case, if the table has it. */
export const explainHeader = (name: string): Explanation | undefined => lookUp(headerWords, name.toLowerCase());
