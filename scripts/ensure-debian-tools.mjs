// The browser tests drive Debian's chromium, the deploy test Debian's nginx, and the store tests
// a private server of Debian's postgresql. Install what is missing when we may (root with
// apt-get); otherwise say exactly what to run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Any installed PostgreSQL server version will do (Debian puts each under /usr/lib/postgresql/N). */
const postgresInitdb = () =>
  process.env.GUDANG_POSTGRES_BIN
    ? `${process.env.GUDANG_POSTGRES_BIN}/initdb`
    : existsSync('/usr/lib/postgresql')
      ? (readdirSync('/usr/lib/postgresql')
          .map((v) => `/usr/lib/postgresql/${v}/bin/initdb`)
          .find((p) => existsSync(p)) ?? '/usr/lib/postgresql/<version>/bin/initdb')
      : '/usr/lib/postgresql/<version>/bin/initdb';

const tools = [
  { name: 'chromium', path: () => process.env.GUDANG_CHROMIUM ?? '/usr/bin/chromium', neededBy: 'the browser tests' },
  { name: 'nginx', path: () => process.env.GUDANG_NGINX ?? '/usr/sbin/nginx', neededBy: 'the deploy test' },
  // The tests start their own cluster on a free loopback port; the package's default one is not used.
  { name: 'postgresql', path: postgresInitdb, neededBy: 'the PostgreSQL store tests', env: 'GUDANG_POSTGRES_BIN (its bin folder)' },
];
const missing = tools.filter((tool) => !existsSync(tool.path()));
if (missing.length > 0) {
  const packages = missing.map((tool) => tool.name);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    for (const tool of missing) console.error(`${tool.name} is needed for ${tool.neededBy} and ${tool.path()} is missing.`);
    console.error(`Install with:  sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing Debian ${packages.join(' and ')} for the tests (apt-get)…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  // Only the binaries are needed: the tests run their own nginx and PostgreSQL on loopback.
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  for (const tool of missing.filter((t) => !existsSync(t.path()))) {
    console.error(`apt-get installed ${tool.name} but ${tool.path()} is still missing; set ${tool.env ?? `GUDANG_${tool.name.toUpperCase()}`} to its path.`);
    process.exit(1);
  }
}
