// The deploy test (test/deploy/scale-out.test.ts, npm run test:scale) drives Debian's nginx.
// Install it when missing and we may (root with apt-get); otherwise say exactly what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const NGINX = process.env.GUDANG_NGINX ?? '/usr/sbin/nginx';
if (!existsSync(NGINX)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(`nginx is needed for the deploy test and ${NGINX} is missing.\nInstall it with:  sudo apt-get update && sudo apt-get install -y nginx`);
    process.exit(1);
  }
  console.log('Installing Debian nginx for the deploy test (apt-get)…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  // Only the binary is needed: the test runs its own nginx on loopback, apart from the system
  // service the package may start.
  execFileSync('apt-get', ['install', '-y', '-qq', 'nginx'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!existsSync(NGINX)) {
    console.error(`apt-get installed nginx but ${NGINX} is still missing; set GUDANG_NGINX to its path.`);
    process.exit(1);
  }
}
