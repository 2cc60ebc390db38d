INSERT INTO products (name, price, stock) VALUES
  ('Kopi Gayo 250 g', 85000, 12),
  ('Teh Melati', 25000, 40),
  ('Kopi Toraja 250 g', 95000, 7),
  ('Keripik ''Maicih'' Level 5', 20000, 30);
INSERT INTO users (name, email, token) VALUES
  ('Ani', 'ani@example.com', 'token-ani-123'),
  ('Budi', 'budi@example.com', 'token-budi-456');
