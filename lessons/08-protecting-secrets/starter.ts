// Protecting secrets: the warehouse keeps the keys, so it must never keep a copy of them in plain sight.
// Melindungi rahasia: gudang memegang kuncinya, jadi jangan pernah menyimpan salinannya terbuka begitu saja.

app.post('/api/register', (req, res) => {
  const { name, email, password } = req.body ?? {};
  if (!name || !email || typeof password !== 'string' || password.length < 8) {
    return res.status(400).json({ error: 'name, email and a password of at least 8 characters are required' });
  }
  // TODO: store hash(password), never the password itself
  // TODO: simpan hash(password), jangan pernah kata sandinya sendiri
  const result = db.run('INSERT INTO users (name, email, password_hash) VALUES (?, ?, ?)', [name, email, password]);
  const user = db.get('SELECT * FROM users WHERE id = ?', [result.lastInsertRowid]);
  res.status(201).json(user);
});

app.post('/api/login', (req, res) => {
  const { email, password } = req.body ?? {};
  const user = db.get('SELECT * FROM users WHERE email = ?', [email]);
  // TODO: compare with verify(password, user.password_hash)
  // TODO: bandingkan dengan verify(password, user.password_hash)
  if (!user || user.password_hash !== password) return res.status(401).json({ error: 'wrong email or password' });
  const token = 'tok-' + Math.random().toString(36).slice(2);
  db.run('UPDATE users SET token = ? WHERE id = ?', [token, user.id]);
  res.json({ token });
});
