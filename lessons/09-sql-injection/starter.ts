// SQL injection: what happens when a request gets to write part of your SQL.

app.get('/api/products/search', (req, res) => {
  const q = String(req.query.q ?? '');
  // The search text is glued into the SQL. Try the suggested "crafted search".
  const products = db.query(`SELECT id, name, price FROM products WHERE name LIKE '%${q}%' ORDER BY id`);
  res.json(products);
});
