/**
 * Searches over any level function (SPEC §2: "search, not a formula-specific shortcut").
 * Both searches assume a non-decreasing level function, which presets are by construction
 * and custom formulas are checked to be on a sample grid. If a custom formula still dips
 * between grid points, the searches keep their invariants (`lo` below, `hi` at or above)
 * and return a point where the level does rise, just maybe not the first one.
 */

export type LevelFunction = (totalEarned: number) => number;

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Smallest integer in (lo, hi] whose level is above `level`, given that level(lo) <= level
 * and level(hi) > level. All values are safe integers, so `lo + floor((hi - lo) / 2)` is
 * exact even near 2^53.
 */
function firstAbove(levelOf: LevelFunction, level: number, lo: number, hi: number): number {
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (levelOf(mid) > level) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * Smallest integer total above `totalEarned` with a higher level, or null when none exists
 * up to Number.MAX_SAFE_INTEGER. Gallops the distance (1, 2, 4, ...) so a near next level
 * costs a few evaluations, then bisects the last gap: at most about 2 × 53 evaluations.
 */
export function searchNextLevelAt(levelOf: LevelFunction, totalEarned: number): number | null {
  const level = levelOf(totalEarned);
  let lo = totalEarned;
  let distance = 1;
  for (;;) {
    if (lo === MAX) return null;
    const candidate = distance > MAX - totalEarned ? MAX : totalEarned + distance;
    if (levelOf(candidate) > level) return firstAbove(levelOf, level, lo, candidate);
    lo = candidate;
    distance *= 2;
  }
}

/**
 * Smallest total at or below `totalEarned` that already has its level: where the current
 * level starts. Gallops backwards, then bisects, mirroring searchNextLevelAt.
 */
export function searchLevelStart(levelOf: LevelFunction, totalEarned: number): number {
  const level = levelOf(totalEarned);
  let hi = totalEarned;
  let distance = 1;
  for (;;) {
    if (hi === 0) return 0;
    const candidate = distance >= totalEarned ? 0 : totalEarned - distance;
    if (levelOf(candidate) < level) {
      // level(candidate) < level <= level(hi): find the first total reaching `level`.
      return firstAbove(levelOf, level - 1, candidate, hi);
    }
    hi = candidate;
    distance *= 2;
  }
}
