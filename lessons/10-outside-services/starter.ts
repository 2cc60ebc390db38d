// Outside services: the warehouse does not move money itself; a payment gateway does.
// Layanan eksternal: gudang tidak memindahkan uang sendiri; sistem pembayaran (payment gateway) yang melakukannya.
// services.payment.charge({ amount, card }) returns { status, transactionId } — or throws when it fails.
// services.payment.charge({ amount, card }) mengembalikan { status, transactionId } — atau melempar error jika gagal.

app.post('/api/orders/:id/pay', (req, res) => {
  const order = db.get('SELECT id, total, status FROM orders WHERE id = ?', [req.params.id]);
  if (!order) return res.status(404).json({ error: 'order not found' });

  db.run("UPDATE orders SET status = 'paid' WHERE id = ?", [order.id]);
  const payment = services.payment.charge({ amount: order.total, card: req.body.card });
  res.json({ status: 'paid', transactionId: payment.transactionId });
});
