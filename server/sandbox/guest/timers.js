// setTimeout and friends, living only as long as the request (or start-up) that made them. The
// host runs them: after each round of promise jobs it asks for the next due time, waits for it
// within the deadline, and runs what is due. What is still pending when the response has gone is
// cancelled, and the trace says so.
import { callerPosition } from './protocol.js';

let timers = new Map();
let nextId = 1;

export function schedule(fn, args, delay, repeat) {
  if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + (fn === null ? 'null' : typeof fn));
  const ms = Math.max(1, Math.min(2147483647, Number(delay) || 0));
  const id = nextId++;
  timers.set(id, { fn, args, ms, repeat, due: Date.now() + ms, at: callerPosition() });
  return id;
}

export function cancel(id) {
  timers.delete(typeof id === 'object' && id !== null ? id.id : id);
}

/** Milliseconds since the epoch when the next timer is due, or -1 when none is pending. */
export function nextDue() {
  let due = -1;
  for (const timer of timers.values()) if (due === -1 || timer.due < due) due = timer.due;
  return due;
}

/** Runs the timers due by `now`, earliest first; a repeating one is scheduled again. */
export function runDue(now) {
  const due = Array.from(timers.entries())
    .filter(([, t]) => t.due <= now)
    .sort((a, b) => a[1].due - b[1].due || a[0] - b[0]);
  for (const [id, timer] of due) {
    if (!timers.has(id)) continue;
    if (timer.repeat) timer.due = now + timer.ms;
    else timers.delete(id);
    timer.fn.apply(undefined, timer.args);
  }
}

/** Drops every pending timer; returns where each was set, for the trace. */
export function cancelAll() {
  const left = Array.from(timers.values()).map((t) => ({ at: t.at, repeat: t.repeat, ms: t.ms }));
  timers = new Map();
  return left;
}
