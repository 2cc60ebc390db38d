// One warehouse, many shop windows: a mobile app wants JSON, a web browser wants HTML.
// Satu gudang, banyak etalase: aplikasi mobile ingin JSON, browser ingin HTML.
// Both ask GET /products; the Accept header says which one is asking.
// Keduanya meminta GET /products; header Accept menunjukkan siapa yang bertanya.

const rupiah = (n: number) => 'Rp ' + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

app.get('/products', (req, res) => {
  const products = db.query('SELECT id, name, price, stock FROM products ORDER BY id');
  const accept = req.get('accept') ?? '';
  if (accept.includes('text/html')) {
    const items = products.map((p) => `<li>${escapeHtml(p.name)} — ${rupiah(p.price)}${p.stock === 0 ? ' (habis)' : ''}</li>`);
    return res.html(`<!DOCTYPE html><html lang="id"><body><h1>Produk</h1><ul>${items.join('')}</ul></body></html>`);
  }
  res.json(products);
});
