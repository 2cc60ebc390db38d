INSERT INTO products (name, price) VALUES ('Kopi Gayo 250 g', 85000), ('Batik Tulis Pekalongan', 450000);
INSERT INTO orders (product_id, quantity, total) VALUES (1, 2, 170000), (2, 1, 450000);
