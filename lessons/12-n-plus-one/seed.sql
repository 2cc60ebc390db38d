INSERT INTO products (name, price, stock) VALUES
  ('Kopi Gayo 250 g', 85000, 12),
  ('Teh Melati', 25000, 40),
  ('Batik Tulis Pekalongan', 450000, 3),
  ('Sambal Roa', 55000, 0);
INSERT INTO users (name, email, token) VALUES
  ('Ani', 'ani@example.com', 'token-ani-123'),
  ('Budi', 'budi@example.com', 'token-budi-456'),
  ('Citra', 'citra@example.com', 'token-citra-789');
INSERT INTO orders (user_id, product_id, quantity, total) VALUES
  (1, 1, 2, 170000), (2, 3, 1, 450000), (3, 2, 4, 100000), (1, 4, 1, 55000), (2, 1, 1, 85000),
  (3, 1, 3, 255000), (1, 2, 2, 50000), (2, 2, 1, 25000), (3, 4, 2, 110000), (1, 3, 1, 450000);
