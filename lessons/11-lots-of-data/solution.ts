// Lots of data: a streaming service remembers every episode everyone watched.
// Data yang banyak: layanan streaming mengingat setiap episode yang ditonton semua orang.
// The app shows one page of 20 at a time, newest first.
// Aplikasi menampilkan satu halaman berisi 20 sekaligus, yang terbaru lebih dulu.
const PAGE_SIZE = 20;

app.get('/api/users/:id/history', (req, res) => {
  const page = Math.max(1, Number(req.query.page) || 1);
  const items = db.query(
    'SELECT id, user_id, title, watched_at FROM watch_history WHERE user_id = ? ORDER BY watched_at DESC LIMIT ? OFFSET ?',
    [req.params.id, PAGE_SIZE, (page - 1) * PAGE_SIZE],
  );
  res.json({ page, items });
});
