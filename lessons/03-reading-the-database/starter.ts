// Reading the database: ask for exactly what you need, with ? parameters.
// Membaca database: minta tepat yang kamu perlukan, dengan parameter ?.

app.get('/api/products', (req, res) => {
  // TODO: when ?q=kopi is given (req.query.q in your code), only products whose name contains it
  // TODO: jika ada ?q=kopi (di kode: req.query.q), hanya produk yang namanya mengandung kata itu
  const products = db.query('SELECT id, name, price FROM products ORDER BY id');
  res.json(products);
});

app.get('/api/products/:id', (req, res) => {
  // Reads every product, then picks one in JavaScript.
  // Membaca semua produk, lalu memilih satu di JavaScript.
  const products = db.query('SELECT * FROM products');
  const product = products.find((p) => p.id === Number(req.params.id));
  res.json(product ?? null);
});
