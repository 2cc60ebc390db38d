// Lots of data: a streaming service remembers every episode everyone watched.
// Data yang banyak: layanan streaming mengingat setiap episode yang ditonton semua orang.
// The app shows one page of 20 at a time, newest first.
// Aplikasi menampilkan satu halaman berisi 20 sekaligus, yang terbaru lebih dulu.
const PAGE_SIZE = 20;

app.get('/api/users/:id/history', (req, res) => {
  const page = Math.max(1, Number(req.query.page) || 1);
  // Reads the whole table, then sorts and cuts out one page in JavaScript.
  // Membaca seluruh tabel, lalu mengurutkan dan memotong satu halaman di JavaScript.
  const everything = db.query('SELECT * FROM watch_history');
  const mine = everything
    .filter((row) => row.user_id === Number(req.params.id))
    .sort((a, b) => (a.watched_at < b.watched_at ? 1 : -1));
  res.json({ page, items: mine.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) });
});
