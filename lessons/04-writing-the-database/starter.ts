// "Order now" (Pesan Sekarang): what the warehouse does when the button is pressed.
// "Pesan Sekarang": apa yang dilakukan gudang saat tombol itu ditekan.

app.get('/api/products', (req, res) => {
  res.json(db.query('SELECT id, name, price, stock FROM products ORDER BY id'));
});

app.post('/api/orders', (req, res) => {
  const { productId, quantity } = req.body;
  const product = db.get('SELECT id, price, stock FROM products WHERE id = ?', [productId]);
  if (!product) return res.status(404).json({ error: 'product not found' });

  // TODO: check the stock, decrease it, and do it all in one transaction
  // TODO: periksa stok, kurangi, dan lakukan semuanya dalam satu transaksi
  const total = product.price * quantity;
  const order = db.run('INSERT INTO orders (product_id, quantity, total) VALUES (?, ?, ?)', [productId, quantity, total]);
  res.status(201).json({ id: order.lastInsertRowid, productId, quantity, total });
});
