INSERT INTO products (name, price, stock) VALUES
  ('Kopi Gayo 250 g', 85000, 12),
  ('Teh Melati', 25000, 40),
  ('Batik Tulis Pekalongan', 450000, 3),
  ('Sambal Roa', 55000, 0);
