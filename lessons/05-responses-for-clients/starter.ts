// One warehouse, many shop windows: a mobile app wants JSON, a web browser wants HTML.
// Both ask GET /products; the Accept header says which one is asking.

const rupiah = (n: number) => 'Rp ' + String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

app.get('/products', (req, res) => {
  const products = db.query('SELECT id, name, price, stock FROM products ORDER BY id');
  // TODO: a browser sends "Accept: text/html" — give it a web page
  res.json(products);
});
