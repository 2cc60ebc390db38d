// Reading the database: ask for exactly what you need, with ? parameters.
// Membaca database: minta tepat yang kamu perlukan, dengan parameter ?.

app.get('/api/products', (req, res) => {
  const q = req.query.q;
  if (typeof q === 'string' && q !== '') {
    return res.json(db.query('SELECT id, name, price FROM products WHERE name LIKE ? ORDER BY id', [`%${q}%`]));
  }
  res.json(db.query('SELECT id, name, price FROM products ORDER BY id'));
});

app.get('/api/products/:id', (req, res) => {
  const product = db.get('SELECT * FROM products WHERE id = ?', [req.params.id]);
  if (!product) return res.status(404).json({ error: 'product not found' });
  res.json(product);
});
