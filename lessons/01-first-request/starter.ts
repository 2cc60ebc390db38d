// The shop window (frontend) asks; the warehouse (backend) answers.
// Etalase toko (frontend) bertanya; gudang (backend) menjawab.
// Every request below is received, processed, queries the database, and responds.
// Setiap permintaan di bawah diterima, diproses, berinteraksi dengan database, lalu mengirim respons.

app.get('/api/products', (req, res) => {
  const products = db.query('SELECT id, name, price, stock FROM products ORDER BY id');
  res.json(products);
});

app.get('/api/products/:id', (req, res) => {
  const [product] = db.query('SELECT * FROM products WHERE id = ?', [req.params.id]);
  if (!product) return res.status(404).json({ error: 'product not found' });
  res.json(product);
});

app.post('/api/products', (req, res) => {
  const { name, price, stock = 0 } = req.body ?? {};
  if (typeof name !== 'string' || typeof price !== 'number') {
    return res.status(400).json({ error: 'name (text) and price (number) are required' });
  }
  const result = db.run('INSERT INTO products (name, price, stock) VALUES (?, ?, ?)', [name, price, stock]);
  res.status(201).json({ id: result.lastInsertRowid, name, price, stock });
});
