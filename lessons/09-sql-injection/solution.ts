// SQL injection: what happens when a request gets to write part of your SQL.

app.get('/api/products/search', (req, res) => {
  const q = String(req.query.q ?? '');
  // The SQL text is fixed; the search text travels separately, as a parameter.
  const products = db.query('SELECT id, name, price FROM products WHERE name LIKE ? ORDER BY id', [`%${q}%`]);
  res.json(products);
});
