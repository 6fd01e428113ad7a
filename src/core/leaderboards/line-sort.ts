/**
 * A board's lines sorted best first (most besitos, then who reached the score first: time,
 * then transaction id), in steps. Native `sort` of a million lines holds the thread for
 * about a second, and on SQLite nothing else (no press) runs meanwhile; a bottom-up merge
 * sort can stop anywhere, so it yields every `step` element moves and the caller pauses
 * between steps. Keys are unique (one earning reaches one member's score), so the order is
 * total.
 */

/** The columns a board is sorted by, indexed by row. */
export interface SortKeys {
  score: Float64Array;
  at: Float64Array;
  id: Float64Array;
}

const RUN = 32;

/**
 * Sorts `rows` (indices into `keys`) in place, best first, yielding between steps; returns
 * the sorted array. Each row's score moves with it (`srcScore`/`dstScore`), so a comparison
 * reads two neighbouring values instead of two scattered ones (a million rows' keys do not
 * fit in the CPU's caches); time and id are looked up only on a tie.
 */
export function* sortSteps(rows: Uint32Array, keys: SortKeys, step = 1 << 16): Generator<void, Uint32Array, void> {
  const { score, at, id } = keys;
  const tieBefore = (a: number, b: number): boolean => (at[a] !== at[b] ? at[a]! < at[b]! : id[a]! < id[b]!);
  const n = rows.length;
  let src: Uint32Array = rows;
  let dst: Uint32Array = new Uint32Array(n);
  let srcScore = new Float64Array(n);
  let dstScore = new Float64Array(n);
  for (let i = 0; i < n; i++) srcScore[i] = score[rows[i]!]!;
  let ops = 0;
  // Short runs by insertion sort, then merge passes of doubling width.
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN);
    for (let i = lo + 1; i < hi; i++) {
      const v = src[i]!;
      const vs = srcScore[i]!;
      let j = i - 1;
      while (j >= lo && (vs > srcScore[j]! || (vs === srcScore[j]! && tieBefore(v, src[j]!)))) {
        src[j + 1] = src[j]!;
        srcScore[j + 1] = srcScore[j]!;
        j--;
      }
      src[j + 1] = v;
      srcScore[j + 1] = vs;
    }
    ops += RUN * 4;
    if (ops >= step) {
      ops = 0;
      yield;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const si = srcScore[i]!;
        const sj = srcScore[j]!;
        if (sj > si || (sj === si && tieBefore(src[j]!, src[i]!))) {
          dstScore[k] = sj;
          dst[k++] = src[j++]!;
        } else {
          dstScore[k] = si;
          dst[k++] = src[i++]!;
        }
        if (++ops >= step) {
          ops = 0;
          yield;
        }
      }
      for (; i < mid; i++, k++) {
        dst[k] = src[i]!;
        dstScore[k] = srcScore[i]!;
      }
      for (; j < hi; j++, k++) {
        dst[k] = src[j]!;
        dstScore[k] = srcScore[j]!;
      }
    }
    [src, dst] = [dst, src];
    [srcScore, dstScore] = [dstScore, srcScore];
  }
  if (src !== rows) rows.set(src);
  return rows;
}

/** Is row `a` ahead of row `b` on the board: more besitos, or as many reached earlier (time, then id)? */
export function lineBefore(k: SortKeys, a: number, b: number): boolean {
  const sa = k.score[a]!;
  const sb = k.score[b]!;
  if (sa !== sb) return sa > sb;
  const ta = k.at[a]!;
  const tb = k.at[b]!;
  return ta !== tb ? ta < tb : k.id[a]! < k.id[b]!;
}

/** How many values of an ascending array are below `value` (where `value` would go). */
export function countBelow(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
