// Authentication is done (lesson 6): req.user is the logged-in customer.
// Otentikasi sudah beres (pelajaran 6): req.user adalah pelanggan yang login.
function requireUser(req, res, next) {
  const header = req.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  const user = token ? db.get('SELECT id, name FROM users WHERE token = ?', [token]) : undefined;
  if (!user) return res.status(401).json({ error: 'log in first' });
  req.user = user;
  next();
}
app.use(requireUser);

// Access control: a logged-in customer may see their own orders, and nobody else's.
// Kontrol akses: pelanggan yang login boleh melihat pesanannya sendiri, bukan milik orang lain.

app.get('/api/orders', (req, res) => {
  res.json(db.query('SELECT id, user_id, product_id, quantity, total FROM orders ORDER BY id'));
});

app.get('/api/orders/:id', (req, res) => {
  const order = db.get('SELECT id, user_id, product_id, quantity, total FROM orders WHERE id = ?', [req.params.id]);
  if (!order) return res.status(404).json({ error: 'order not found' });
  res.json(order);
});
