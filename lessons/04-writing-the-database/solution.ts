// "Order now" (Pesan Sekarang): what the warehouse does when the button is pressed.
// "Pesan Sekarang": apa yang dilakukan gudang saat tombol itu ditekan.

app.get('/api/products', (req, res) => {
  res.json(db.query('SELECT id, name, price, stock FROM products ORDER BY id'));
});

app.post('/api/orders', (req, res) => {
  const { productId, quantity } = req.body;
  if (!Number.isInteger(quantity) || quantity < 1) return res.status(400).json({ error: 'quantity must be at least 1' });

  db.run('BEGIN');
  const product = db.get('SELECT id, price, stock FROM products WHERE id = ?', [productId]);
  if (!product) {
    db.run('ROLLBACK');
    return res.status(404).json({ error: 'product not found' });
  }
  if (product.stock < quantity) {
    db.run('ROLLBACK');
    return res.status(409).json({ error: `only ${product.stock} left in stock` });
  }
  const total = product.price * quantity;
  const order = db.run('INSERT INTO orders (product_id, quantity, total) VALUES (?, ?, ?)', [productId, quantity, total]);
  db.run('UPDATE products SET stock = stock - ? WHERE id = ?', [quantity, productId]);
  db.run('COMMIT');
  res.status(201).json({ id: order.lastInsertRowid, productId, quantity, total });
});
