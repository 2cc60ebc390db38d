// Reading the database: ask for exactly what you need, with ? parameters.

app.get('/api/products', (req, res) => {
  // TODO: when ?q=kopi is given, only products whose name contains it
  const products = db.query('SELECT id, name, price FROM products ORDER BY id');
  res.json(products);
});

app.get('/api/products/:id', (req, res) => {
  // Reads every product, then picks one in JavaScript.
  const products = db.query('SELECT * FROM products');
  const product = products.find((p) => p.id === Number(req.params.id));
  res.json(product ?? null);
});
