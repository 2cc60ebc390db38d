-- Ani's password is kopi-pagi, Budi's is teh-sore; only their hashes are stored.
INSERT INTO users (name, email, password_hash) VALUES
  ('Ani', 'ani@example.com', 'scrypt$24e2d7d36a3be4cdc7ea25ee8e8e84ce$80863afcefb8034408e5df1277d186e8ccc32c29356410e8cdcd213c6acc8b20'),
  ('Budi', 'budi@example.com', 'scrypt$98b8ce6e496eb39d83e853b4e0545f09$a2052ba59337f1c5fc1f34e2ccf5a365b42d6e3a8c029af4cb2fded1fce04aec');
