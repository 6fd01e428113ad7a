/**
 * N concurrent callers, each a closed loop (the next call starts when its previous one
 * returned), sharing one op counter. Latency is taken per op with process.hrtime.bigint();
 * throughput is completed ops over the wall time from the first start to the last finish.
 *
 * Each loop awaits its op, even a synchronous one (`await undefined` yields a microtask),
 * so N synchronous callers interleave instead of the first one running alone.
 */
export interface LoopOptions {
  concurrency: number;
  /** Op number of the first call; the loop hands out firstSeq, firstSeq + 1, … */
  firstSeq: number;
  /** Stop handing out ops after this many… */
  ops?: number;
  /** …or once this much time has passed (an op in flight finishes). */
  durationMs?: number;
  /** Keep per-op latencies (off for the warm-up). */
  record: boolean;
}

export interface LoopResult {
  completed: number;
  /** The next unused op number. */
  nextSeq: number;
  elapsedNs: bigint;
  /** Per-op latencies in ms, unsorted (empty when not recorded). */
  latenciesMs: Float64Array;
}

export async function closedLoop(op: (seq: number) => unknown, options: LoopOptions): Promise<LoopResult> {
  const { concurrency, firstSeq, ops, durationMs, record } = options;
  if (ops === undefined && durationMs === undefined) throw new TypeError('closedLoop needs ops or durationMs');
  const lastSeq = ops === undefined ? Infinity : firstSeq + ops;
  let next = firstSeq;
  let failed = false;
  let latencies = new Float64Array(record ? 1 << 14 : 0);
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = durationMs === undefined ? undefined : start + BigInt(Math.round(durationMs * 1e6));

  const caller = async (): Promise<void> => {
    while (!failed && next < lastSeq) {
      if (deadline !== undefined && process.hrtime.bigint() >= deadline) return;
      const seq = next++;
      const t0 = process.hrtime.bigint();
      try {
        await op(seq);
      } catch (err) {
        failed = true;
        throw err;
      }
      const t1 = process.hrtime.bigint();
      if (record) {
        if (count === latencies.length) {
          const grown = new Float64Array(latencies.length * 2);
          grown.set(latencies);
          latencies = grown;
        }
        latencies[count] = Number(t1 - t0) / 1e6;
      }
      count++;
    }
  };

  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsedNs = process.hrtime.bigint() - start;
  return { completed: count, nextSeq: next, elapsedNs, latenciesMs: latencies.subarray(0, record ? count : 0) };
}

/** Nearest-rank percentile (p in 0..1) of samples sorted ascending; 0 for no samples. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

export interface LoopStats {
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function opsPerSecond(result: LoopResult): number {
  const seconds = Number(result.elapsedNs) / 1e9;
  return seconds > 0 ? result.completed / seconds : 0;
}

/** The slices of one side: median throughput, pooled latencies. */
export function loopStats(list: readonly LoopResult[]): LoopStats {
  const pooled = new Float64Array(list.reduce((n, r) => n + r.latenciesMs.length, 0));
  let offset = 0;
  for (const r of list) {
    pooled.set(r.latenciesMs, offset);
    offset += r.latenciesMs.length;
  }
  pooled.sort();
  return {
    opsPerSecond: median(list.map(opsPerSecond)),
    p50Ms: percentile(pooled, 0.5),
    p99Ms: percentile(pooled, 0.99),
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
