/**
 * Samples this process's resident memory (the server and its worker threads run in it) while
 * `work` runs, so a test can assert on the peak, not only on what is left afterwards.
 */
export async function measureRss<T>(work: () => Promise<T>, everyMs = 5): Promise<{ result: T; beforeMb: number; peakMb: number; afterMb: number }> {
  const mb = () => process.memoryUsage().rss / 1024 / 1024;
  const beforeMb = mb();
  let peakMb = beforeMb;
  const timer = setInterval(() => (peakMb = Math.max(peakMb, mb())), everyMs);
  try {
    const result = await work();
    const afterMb = mb();
    return { result, beforeMb, peakMb: Math.max(peakMb, afterMb), afterMb };
  } finally {
    clearInterval(timer);
  }
}
