/** What the closed loop drives: one operation per op number, and its teardown. */
export interface BenchTarget {
  /** Performs op number `seq` (member and amount from the workload); throws if it was not applied. */
  op(seq: number): unknown;
  close(): Promise<void>;
}
