/**
 * Who runs a job that was sent to a worker but has not started: the worker, or — when the pool
 * takes it back to run elsewhere — nobody there. One shared cell per job (by id), compare-and-swap
 * on both sides, so a job is either claimed by the worker or withdrawn by the pool, never both.
 */
export const CLAIM_CELLS = 4096;

export function newClaims(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(CLAIM_CELLS * Int32Array.BYTES_PER_ELEMENT));
}

const cell = (id: number) => id % CLAIM_CELLS;

/** The pool, as it sends job `id`. */
export function offer(claims: Int32Array, id: number): void {
  Atomics.store(claims, cell(id), id);
}

/** The worker, before running job `id`: false when the pool withdrew it. */
export function claim(claims: Int32Array, id: number): boolean {
  return Atomics.compareExchange(claims, cell(id), id, -id) === id;
}

/** The pool, taking job `id` back: false when the worker already started it. */
export function withdraw(claims: Int32Array, id: number): boolean {
  return Atomics.compareExchange(claims, cell(id), id, 0) === id;
}
