/**
 * Guest code that makes QuickJS collect garbage once, run in a fresh runtime before the prelude.
 *
 * This QuickJS build cannot measure its allocations (no malloc_usable_size), so it counts them:
 * its first collection comes only once 32,768 blocks are live, and a loaded app holds ~5,800.
 * Until then the cyclic garbage each request leaves (Express's `next` closures, ~3 KB) stays, and
 * an app grows to ~1.3 MB. After a collection the next comes at 1.5 times what is live, so one
 * collection at the start keeps an app within half again its own size from then on. Run before
 * the prelude, its ~1 MB of garbage is freed before the app's own memory is laid out.
 *
 * It makes cyclic garbage (only the collector frees it) in chunks of 1,000 blocks until a weak
 * reference to a cyclic object is cleared, which only a collection does: ~33 chunks, ~3.6 ms; at
 * most 40, past the 32,768 whatever the runtime already holds.
 */
export const FIRST_COLLECTION = `(() => {
  const sentinel = (() => { const target = {}; target.self = target; return new WeakRef(target); })();
  for (let chunk = 0; chunk < 40 && sentinel.deref() !== undefined; chunk++) {
    const garbage = 'x'.repeat(1000).split('');
    garbage.push(garbage);
  }
})()`;
