// QuickJS in this build cannot measure its allocations (no malloc_usable_size), so it counts
// them: its first garbage collection comes only once 32,768 blocks are live, and a loaded app
// holds ~5,800. Until then the cyclic garbage each request leaves (Express's `next` closures,
// ~3 KB) stays, and an app grows to ~0.9 MB. After a collection the next one comes at 1.5 times
// what is live, so one collection now keeps an app near its own size from then on.

/** Enough chunks of 1,000 blocks to pass 32,768 whatever the prelude holds. */
const MAX_CHUNKS = 40;

/** Collects garbage once, at the cost of ~30,000 short-lived allocations (~4 ms). */
export function collectOnce() {
  const sentinel = cyclicWeakRef();
  for (let chunk = 0; chunk < MAX_CHUNKS && sentinel.deref() !== undefined; chunk++) {
    const garbage = 'x'.repeat(1000).split('');
    // Cyclic, so reference counting cannot free it: it counts until the collector runs.
    garbage.push(garbage);
  }
}

/** A weak reference to an object only a collection can free: cleared once one has run. */
function cyclicWeakRef() {
  const target = {};
  target.self = target;
  return new WeakRef(target);
}
