/**
 * Failed attempts per key (a class code and the client's address) in a sliding window: past the
 * limit, the key waits until its oldest failure leaves the window. Per instance, in memory.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Seconds to wait before another attempt, 0 when one may be made now. */
  retryAfter(key: string, at = Date.now()): number {
    const recent = this.recent(key, at);
    return recent.length < this.limit ? 0 : Math.ceil((recent[0]! + this.windowMs - at) / 1000);
  }

  failed(key: string, at = Date.now()): void {
    this.failures.set(key, [...this.recent(key, at), at]);
    // Bounded memory under a flood of keys: drop the keys whose failures have all expired.
    if (this.failures.size > 10_000) for (const k of [...this.failures.keys()]) if (this.recent(k, at).length === 0) this.failures.delete(k);
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, at: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => at - t < this.windowMs);
  }
}
