// Business logic: the rules of the shop, written as code.
// Logika bisnis: aturan toko yang ditulis sebagai kode.
// The frontend sends a cart; the backend works out what it costs.
// Frontend mengirim keranjang; backend menghitung harganya.
const PRICES: Record<number, number> = { 1: 85000, 2: 25000, 3: 450000, 4: 55000 };

app.post('/api/quote', (req, res) => {
  const items = req.body?.items;
  if (!Array.isArray(items) || items.length === 0) {
    return res.status(400).json({ error: 'items must be a non-empty list' });
  }
  let total = 0;
  for (const item of items) {
    const price = PRICES[item.productId];
    if (price === undefined) {
      return res.status(400).json({ error: `unknown product ${item.productId}` });
    }
    if (!Number.isInteger(item.quantity) || item.quantity < 1) {
      return res.status(400).json({ error: 'quantity must be a whole number of at least 1' });
    }
    total += price * item.quantity;
  }
  res.json({ total });
});
