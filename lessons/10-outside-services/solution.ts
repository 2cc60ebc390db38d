// Outside services: the warehouse does not move money itself; a payment gateway does.
// Layanan eksternal: gudang tidak memindahkan uang sendiri; sistem pembayaran (payment gateway) yang melakukannya.
// services.payment.charge({ amount, card }) returns { status, transactionId } — or throws when it fails.
// services.payment.charge({ amount, card }) mengembalikan { status, transactionId } — atau melempar error jika gagal.

app.post('/api/orders/:id/pay', (req, res) => {
  const order = db.get('SELECT id, total, status FROM orders WHERE id = ?', [req.params.id]);
  if (!order) return res.status(404).json({ error: 'order not found' });
  if (order.status === 'paid') return res.status(409).json({ error: 'this order is already paid' });

  let payment;
  try {
    payment = services.payment.charge({ amount: order.total, card: String(req.body?.card ?? '') });
  } catch (error) {
    log('payment failed:', error.message);
    return res.status(402).json({ error: 'the payment did not go through; nothing was charged, please try another card' });
  }
  db.run("UPDATE orders SET status = 'paid', transaction_id = ? WHERE id = ?", [payment.transactionId, order.id]);
  res.json({ status: 'paid', transactionId: payment.transactionId });
});
