/**
 * The shape of the scale fixture (issue 12 item 5, issue 14 item 5): who the members are,
 * how active each one is, and the numbers the community runs with. Everything is drawn from
 * one seeded generator, so a size always gives the same database.
 *
 * Activity is Zipf-like (weight rank^-ZIPF_EXPONENT) with a cap: the rules themselves bound
 * a member (20 valid reactions and one daily gift of two movements per economy day), so the
 * most active members sit at the cap of ACTIVE_DAYS × MAX_ROWS_PER_DAY and the rest follow the
 * curve down to a long tail of members with a handful of movements. With exponent 0.8 and
 * 1M members: 220 members at the cap, the top 1 % hold 29 % of the movements, the median
 * member has 4, the 90th percentile 15.
 */

/** Days of history, ending the day before the build (complete economy days in UTC). */
export const ACTIVE_DAYS = 90;
/** Movements of the whole fixture per member. */
export const TRANSACTIONS_PER_MEMBER = 10;
export const ZIPF_EXPONENT = 0.8;
/** 20 reactions (the default daily limit) + the daily gift and its streak bonus. */
export const MAX_ROWS_PER_DAY = 22;
export const MAX_ROWS_PER_MEMBER = ACTIVE_DAYS * MAX_ROWS_PER_DAY;
/** Posts in the fixture's channel per day, one at half past every hour. */
export const POSTS_PER_DAY = 24;
export const FIXTURE_CHANNEL = -1_009_800_000_001;
export const FIRST_FIXTURE_MEMBER = 200_000_001;
/** The admin whose id the fixture's admin movements carry. */
export const FIXTURE_ADMIN = 100_000_001;
/** Bumped whenever the generated data changes shape: a cached fixture of another version is rebuilt. */
export const FIXTURE_VERSION = 2;
export const FIXTURE_SEED = 0x5eed_b351;

/** The products members buy (CONTENT, one content set): cheapest first. */
export const FIXTURE_PRODUCTS = [
  { id: 1, name: 'Pack Playa', price: 100 },
  { id: 2, name: 'Pack Noche', price: 250 },
  { id: 3, name: 'Vídeo exclusivo', price: 600 },
  { id: 4, name: 'Colección completa', price: 1500 },
] as const;

/** Chance that a purchase is refunded (its delivery failed for good). */
export const REFUND_CHANCE = 0.02;
/** Chance per active day of an admin credit (a giveaway prize). */
export const ADMIN_CREDIT_CHANCE = 0.004;
/** Share of spends that are admin debits rather than purchases. */
export const ADMIN_DEBIT_SHARE = 0.1;

/** Mulberry32: a small, fast, seeded generator (quality is ample for test data). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Movements per member rank (rank 0 the most active): min(cap, max(1, round(A · (r+1)^-s)))
 * with A found by bisection so they add up to exactly `total`.
 */
export function activityByRank(members: number, total = members * TRANSACTIONS_PER_MEMBER): Int32Array {
  const counts = new Int32Array(members);
  // The powers once, not once per bisection step (60 × N calls of ** cost seconds at 1M).
  const weight = new Float64Array(members);
  for (let r = 0; r < members; r++) weight[r] = (r + 1) ** -ZIPF_EXPONENT;
  const fill = (a: number): number => {
    let sum = 0;
    for (let r = 0; r < members; r++) {
      const c = Math.min(MAX_ROWS_PER_MEMBER, Math.max(1, Math.round(a * weight[r]!)));
      counts[r] = c;
      sum += c;
    }
    return sum;
  };
  let lo = 0;
  let hi = total;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (fill(mid) < total) lo = mid;
    else hi = mid;
  }
  // fill(hi) ≥ total by a rounding hair: take the excess off the tail, never below 1.
  let sum = fill(hi);
  for (let r = members - 1; sum > total && r >= 0; r--) {
    if (counts[r]! > 1) {
      counts[r]!--;
      sum--;
    }
  }
  return counts;
}

/** Days a member with `rows` movements is active on: dense members every day, the tail on a few. */
export function activeDaysFor(rows: number): number {
  return Math.min(ACTIVE_DAYS, Math.max(Math.ceil(rows / MAX_ROWS_PER_DAY), Math.ceil(rows / 3)));
}

export const FIRST_NAMES = [
  'Lucía', 'Sofía', 'Martina', 'María', 'Julia', 'Paula', 'Valeria', 'Emma', 'Daniela', 'Carla',
  'Alba', 'Noa', 'Sara', 'Carmen', 'Irene', 'Hugo', 'Martín', 'Lucas', 'Mateo', 'Leo',
  'Daniel', 'Alejandro', 'Pablo', 'Manuel', 'Álvaro', 'Adrián', 'David', 'Mario', 'Diego', 'Javier',
  'Olivia', 'Emily', 'Jack', 'Noah', 'Chloe', 'James', 'Mia', 'Ethan', 'Grace', 'Liam',
] as const;
export const LAST_NAMES = ['García', 'López', 'Martín', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz', 'Díaz', 'Smith', 'Brown'] as const;
