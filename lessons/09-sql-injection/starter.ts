// SQL injection: what happens when a request gets to write part of your SQL.
// SQL injection: apa yang terjadi jika sebuah permintaan ikut menulis sebagian SQL-mu.

app.get('/api/products/search', (req, res) => {
  const q = String(req.query.q ?? '');
  // The search text is glued into the SQL. Try the suggested "crafted search".
  // Teks pencarian ditempelkan ke dalam SQL. Coba "pencarian yang direkayasa" yang disarankan.
  const products = db.query(`SELECT id, name, price FROM products WHERE name LIKE '%${q}%' ORDER BY id`);
  res.json(products);
});
