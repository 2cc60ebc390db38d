// SQL injection: what happens when a request gets to write part of your SQL.
// SQL injection: apa yang terjadi jika sebuah permintaan ikut menulis sebagian SQL-mu.

app.get('/api/products/search', (req, res) => {
  const q = String(req.query.q ?? '');
  // The SQL text is fixed; the search text travels separately, as a parameter.
  // Teks SQL-nya tetap; teks pencarian dikirim terpisah, sebagai parameter.
  const products = db.query('SELECT id, name, price FROM products WHERE name LIKE ? ORDER BY id', [`%${q}%`]);
  res.json(products);
});
