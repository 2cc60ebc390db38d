// Anyone may look at the shop window; only a logged-in customer may see their account.
// Siapa pun boleh melihat etalase; hanya pelanggan yang sudah login boleh melihat akunnya.

app.get('/api/products', (req, res) => {
  res.json(db.query('SELECT id, name, price FROM products ORDER BY id'));
});

// A middleware runs before the routes registered after it.
// Middleware berjalan sebelum rute yang didaftarkan sesudahnya.
function requireUser(req, res, next) {
  // TODO: read "Authorization: Bearer <token>", find the user with that token,
  // TODO: baca "Authorization: Bearer <token>", cari pengguna dengan token itu,
  // answer 401 when there is none, otherwise put the user in req.user
  // jawab 401 jika tidak ada, kalau ada simpan pengguna itu di req.user
  next();
}
app.use(requireUser);

app.get('/api/me', (req, res) => {
  res.json({ id: req.user?.id, name: req.user?.name });
});

app.get('/api/orders', (req, res) => {
  res.json(db.query('SELECT id, product_id, quantity, total FROM orders WHERE user_id = ?', [req.user?.id]));
});
