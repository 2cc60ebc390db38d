// npm run lessons:new <slug>: scaffolds lessons/NN-<slug>/ with every file a lesson needs, numbered
// after the last lesson. Then write the text, the code and the checks, and run lessons:check.
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SCAFFOLD_TEXT } from '../server/lessons/scaffold-text.js';

const { positionals } = parseArgs({ allowPositionals: true });
const slug = positionals[0] ?? '';
if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) {
  console.error('usage: npm run lessons:new <slug>   (lower-case words joined by -, e.g. order-history)');
  process.exit(1);
}
const root = resolve(positionals[1] ?? 'lessons');
const names = await readdir(root);
const taken = names.find((name) => name.replace(/^\d{2}-/, '') === slug);
if (taken) {
  console.error(`${join(root, taken)} already has the slug "${slug}": pick another one, or edit that lesson`);
  process.exit(1);
}
const numbers = names
  .map((name) => /^(\d{2})-/.exec(name)?.[1])
  .filter(Boolean)
  .map(Number);
const order = Math.max(0, ...numbers) + 1;
const folder = join(root, `${String(order).padStart(2, '0')}-${slug}`);
if (existsSync(folder)) {
  console.error(`${folder} already exists`);
  process.exit(1);
}

const title = slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
const files: Record<string, string> = {
  'lesson.md': `---
title: ${title}
order: ${order}
suggestedRequests:
  - label: { en: List the products, id: Daftar produk }
    method: GET
    path: /api/products
hints:
  - en: ${SCAFFOLD_TEXT.hint.en}
    id: ${SCAFFOLD_TEXT.hint.id}
---
${SCAFFOLD_TEXT.en}
`,
  'lesson.id.md': `---
title: ${title}
---
${SCAFFOLD_TEXT.id}
`,
  'starter.ts': `app.get('/api/products', (req, res) => {
  res.json([]);
});
`,
  'solution.ts': `app.get('/api/products', (req, res) => {
  res.json(db.query('SELECT id, name, price FROM products ORDER BY id'));
});
`,
  'schema.sql': `CREATE TABLE products (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  price INTEGER NOT NULL
);
`,
  'seed.sql': `INSERT INTO products (name, price) VALUES ('Kopi Gayo 250 g', 85000), ('Teh Melati', 25000);
`,
  'checks.yaml': `checks:
  - id: lists-products
    title: { en: The products come from the database, id: Produk diambil dari database }
    failure: { en: GET /api/products should list the products in the database., id: GET /api/products seharusnya menampilkan produk dari database. }
    steps:
      - request: { method: GET, path: /api/products }
        expect:
          status: 200
          body: { $length: 2 }
          trace: { count: { query: 1 } }
`,
};
await mkdir(folder, { recursive: true });
for (const [file, text] of Object.entries(files)) await writeFile(join(folder, file), text);
console.log(`created ${folder}\nnext: replace the placeholder text (lessons:check reports it until then), write the code and the checks, then npm run lessons:check`);
