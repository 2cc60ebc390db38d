// npm run lessons:check [folder] [--verbose]: validates every lesson of the folder (default lessons/)
// and runs its checks against its solution (all must pass) and its starter (one must fail). Needs
// dist/server/sandbox-worker.js, which the npm script builds first. --verbose also prints what a
// student is told on the starter, in both languages.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { verifyLessons } from '../server/checks/verify-lessons.js';

const { values, positionals } = parseArgs({ options: { verbose: { type: 'boolean', default: false } }, allowPositionals: true });
const verbose = values.verbose;
const root = resolve(positionals[0] ?? 'lessons');
const started = performance.now();
const { lessons, problems, warnings } = await verifyLessons(root, pathToFileURL(resolve('dist/server/sandbox-worker.js')));
const seconds = ((performance.now() - started) / 1000).toFixed(1);

for (const lesson of lessons) {
  console.log(`${lesson.id}: ${lesson.checks} checks, ${lesson.failingOnStarter} failing on the starter`);
  if (!verbose) continue;
  for (const { id, message } of lesson.starterMessages) console.log(`    ${id}\n      en: ${message.en}\n      id: ${message.id}`);
}
for (const warning of warnings) console.warn(`warning: ${warning}`);
for (const problem of problems) console.error(problem);
const checks = lessons.reduce((sum, l) => sum + l.checks, 0);
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s) in ${root} (${seconds} s)`);
  process.exit(1);
}
console.log(`\nok: ${lessons.length} lessons, ${checks} checks${warnings.length > 0 ? `, ${warnings.length} warning(s)` : ''} (${seconds} s)`);
