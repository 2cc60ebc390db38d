// Business logic: the rules of the shop, written as code.
// Logika bisnis: aturan toko yang ditulis sebagai kode.
// The frontend sends a cart; the backend works out what it costs.
// Frontend mengirim keranjang; backend menghitung harganya.
const PRICES: Record<number, number> = { 1: 85000, 2: 25000, 3: 450000, 4: 55000 };

app.post('/api/quote', (req, res) => {
  const items = req.body.items;
  let total = 0;
  for (const item of items) {
    total += PRICES[item.productId];
  }
  res.json({ total });
});
