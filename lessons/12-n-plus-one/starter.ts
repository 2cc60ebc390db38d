// N+1 queries: one query for the list, then one more per row (here two: product and customer).
// Kueri N+1: satu kueri untuk daftarnya, lalu satu lagi per baris (di sini dua: produk dan pelanggan).

// Kept as it is, to compare with your version: send both and count the query steps.
// Dibiarkan apa adanya, untuk dibandingkan dengan versimu: kirim keduanya dan hitung langkah kuerinya.
app.get('/api/orders/slow', (req, res) => {
  const orders = db.query('SELECT id, user_id, product_id, quantity, total FROM orders ORDER BY id');
  const page = orders.map((order) => {
    const product = db.get('SELECT name FROM products WHERE id = ?', [order.product_id]);
    const customer = db.get('SELECT name FROM users WHERE id = ?', [order.user_id]);
    return { id: order.id, quantity: order.quantity, total: order.total, product: product.name, customer: customer.name };
  });
  res.json(page);
});

// The orders page of the shop's admin. Same answer as /api/orders/slow, for now the same way.
// Halaman pesanan untuk admin toko. Jawabannya sama dengan /api/orders/slow, untuk sekarang dengan cara yang sama.
app.get('/api/orders', (req, res) => {
  const orders = db.query('SELECT id, user_id, product_id, quantity, total FROM orders ORDER BY id');
  const page = orders.map((order) => {
    const product = db.get('SELECT name FROM products WHERE id = ?', [order.product_id]);
    const customer = db.get('SELECT name FROM users WHERE id = ?', [order.user_id]);
    return { id: order.id, quantity: order.quantity, total: order.total, product: product.name, customer: customer.name };
  });
  res.json(page);
});
