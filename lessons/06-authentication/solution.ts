// Anyone may look at the shop window; only a logged-in customer may see their account.
// Siapa pun boleh melihat etalase; hanya pelanggan yang sudah login boleh melihat akunnya.

app.get('/api/products', (req, res) => {
  res.json(db.query('SELECT id, name, price FROM products ORDER BY id'));
});

// A middleware runs before the routes registered after it.
// Middleware berjalan sebelum rute yang didaftarkan sesudahnya.
function requireUser(req, res, next) {
  const header = req.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  const user = token ? db.get('SELECT id, name, email FROM users WHERE token = ?', [token]) : undefined;
  if (!user) return res.status(401).json({ error: 'log in first: send Authorization: Bearer <token>' });
  req.user = user;
  next();
}
app.use(requireUser);

app.get('/api/me', (req, res) => {
  res.json({ id: req.user.id, name: req.user.name });
});

app.get('/api/orders', (req, res) => {
  res.json(db.query('SELECT id, product_id, quantity, total FROM orders WHERE user_id = ?', [req.user.id]));
});
