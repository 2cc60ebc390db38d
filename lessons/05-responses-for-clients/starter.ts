// One warehouse, many shop windows: a mobile app wants JSON, a web browser wants HTML.
// Satu gudang, banyak etalase: aplikasi mobile ingin JSON, browser ingin HTML.
// Both ask GET /products; the Accept header says which one is asking.
// Keduanya meminta GET /products; header Accept menunjukkan siapa yang bertanya.

const rupiah = (n: number) => 'Rp ' + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

app.get('/products', (req, res) => {
  const products = db.query('SELECT id, name, price, stock FROM products ORDER BY id');
  // TODO: a browser sends "Accept: text/html" — give it a web page
  // TODO: browser mengirim "Accept: text/html" — berikan halaman web
  res.json(products);
});
