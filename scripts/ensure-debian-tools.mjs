// The browser tests drive Debian's chromium and the deploy test Debian's nginx. Install what is
// missing when we may (root with apt-get); otherwise say exactly what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tools = [
  { name: 'chromium', path: process.env.GUDANG_CHROMIUM ?? '/usr/bin/chromium', neededBy: 'the browser tests' },
  { name: 'nginx', path: process.env.GUDANG_NGINX ?? '/usr/sbin/nginx', neededBy: 'the deploy test' },
];
const missing = tools.filter((tool) => !existsSync(tool.path));
if (missing.length > 0) {
  const packages = missing.map((tool) => tool.name);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    for (const tool of missing) console.error(`${tool.name} is needed for ${tool.neededBy} and ${tool.path} is missing.`);
    console.error(`Install with:  sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing Debian ${packages.join(' and ')} for the tests (apt-get)…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  // Only the binaries are needed: the tests run their own nginx on loopback.
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  for (const tool of missing.filter((t) => !existsSync(t.path))) {
    console.error(`apt-get installed ${tool.name} but ${tool.path} is still missing; set GUDANG_${tool.name.toUpperCase()} to its path.`);
    process.exit(1);
  }
}
