/** Recent inference latencies, to tell whether a job can finish before its deadline. */
export class LatencyTracker {
  private readonly samples: number[] = [];
  private next = 0;
  constructor(readonly capacity = 256) {}

  record(seconds: number): void {
    // A ring: recording stays O(1) on the inference path.
    if (this.samples.length < this.capacity) this.samples.push(seconds);
    else this.samples[this.next] = seconds;
    this.next = (this.next + 1) % this.capacity;
  }

  get count(): number {
    return this.samples.length;
  }

  /** The q-quantile (0..1) of the recent samples; `fallback` when none were recorded. */
  quantile(q: number, fallback = 1): number {
    if (this.samples.length === 0) return fallback;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[index] as number;
  }
}
