/**
 * SQLite: the metrics snapshot without a long statement (issue 12). Every statement runs on
 * the process's one thread, so a whole-table aggregate (the balance groups, the top
 * holders, the level counts over a million rows) was one slice of 1–2 s that no press got.
 * Here the tables are walked along their keys in ranges of a few thousand rows, with a
 * pause (`pause`: the refresh's pacer) between ranges, and the figures are accumulated in
 * memory, exactly:
 * - `member_totals` by `member_id`: profiles (rows), active 7/30 days (`last_at`), every
 *   balance counted in a histogram (one entry per distinct balance: median and Gini come
 *   from its sorted groups, as from the grouped statement), and the TOP_HOLDERS largest
 *   balances (ties: lowest member id) in a small sorted list; their names and levels are
 *   read by key at the end;
 * - `profiles` by its level index: for each level (the next one found by a seek), the
 *   members counted in ranges of member ids (`count(*)` of a LIMITed subquery, covering);
 * - `members` by `id`: a count per range, the same way.
 * Rows are read as arrays through statements prepared once (`sqliteReads`, storage/sqlite-range-reads.ts), holding the
 * connection for one range at a time: through Kysely, row objects cost the walks 2–5× the
 * whole-table statements' time at 1M members; as arrays, about the same (~0.9 s in all).
 * Circulation and the lifetime totals come from `economy_day_totals` (days × types rows:
 * small), as before. Only the refresher writes the rollups, so the ranges of `member_totals`
 * agree with each other; profiles and members are read live (as a moment later).
 */
import type { RangeReads } from '../../storage/sqlite-range-reads.js';
import { ACTIVE_WINDOWS, TOP_HOLDERS, type LevelCount, type TopHolder } from './metrics-types.js';
import type { ValueCount } from './metrics-snapshot.js';

const DAY_MS = 86_400_000;

/** Rows per range: starts at `rows`, halves or doubles towards `targetMs`, never above `maxRows`. */
export interface RangeSizing {
  rows: number;
  maxRows: number;
  targetMs: number;
}

export const DEFAULT_RANGE_SIZING: RangeSizing = { rows: 2000, maxRows: 20_000, targetMs: 4 };

export interface BalancePass {
  profiles: number;
  active: number[];
  /** Ascending (balance, members) groups. */
  groups: ValueCount[];
  topHolders: TopHolder[];
}

type Pause = () => Promise<void>;

/** Counting walks read index entries only: ranges this many times larger. */
const COUNT_FACTOR = 16;
const counting = (sizing: RangeSizing): RangeSizing => ({ ...sizing, rows: sizing.rows * COUNT_FACTOR, maxRows: sizing.maxRows * COUNT_FACTOR });

/** `count(*)` and the last key of one range of `select key from … where … key > ? order by key limit ?`. */
async function countRange(reads: RangeReads, inner: string, params: readonly number[]): Promise<{ count: number; last: number | null }> {
  const [row] = await reads.all(`select count(*), max(k) from (${inner}) as r`, params);
  const count = Number(row?.[0] ?? 0);
  return { count, last: row?.[1] === null || row?.[1] === undefined ? null : Number(row[1]) };
}

function nextSize(rows: number, tookMs: number, sizing: RangeSizing): number {
  if (tookMs > sizing.targetMs * 1.5) return Math.max(1, Math.min(sizing.maxRows, Math.floor(rows / 2)));
  if (tookMs < sizing.targetMs / 2) return Math.min(sizing.maxRows, rows * 2);
  return Math.min(sizing.maxRows, rows);
}

/**
 * Walks a table along its integer key: `read(after, limit)` returns up to `limit` rows with
 * keys above `after` in key order and the last key it saw; `pause` between ranges.
 */
async function walk(sizing: RangeSizing, pause: Pause, read: (after: number, limit: number) => Promise<{ count: number; last: number | null }>): Promise<void> {
  let after = Number.MIN_SAFE_INTEGER;
  let rows = Math.max(1, Math.min(sizing.rows, sizing.maxRows));
  for (;;) {
    const started = performance.now();
    const { count, last } = await read(after, rows);
    if (count < rows || last === null) return;
    after = last;
    rows = nextSize(rows, performance.now() - started, sizing);
    await pause();
  }
}

/** Lower sorts first: a larger balance, then a lower member id. */
const ahead = (balanceA: number, idA: number, balanceB: number, idB: number) => balanceA > balanceB || (balanceA === balanceB && idA < idB);

/**
 * `member_totals` in ranges: profiles, active counts for `asOf`, and (unless `activeOnly`:
 * then counted in SQL per range, with no groups nor holders) the balance groups and the top holders.
 */
export async function balancePass(reads: RangeReads, asOf: number, sizing: RangeSizing, pause: Pause, activeOnly = false): Promise<BalancePass> {
  const since = ACTIVE_WINDOWS.map((days) => asOf - days * DAY_MS);
  const active = ACTIVE_WINDOWS.map(() => 0);
  const histogram = new Map<number, number>();
  // The best TOP_HOLDERS so far, best first (parallel arrays).
  const topIds: number[] = [];
  const topBalances: number[] = [];
  let profiles = 0;
  if (activeOnly) {
    // Only counts: summed in SQL per range, no row leaves SQLite.
    await walk(counting(sizing), pause, async (after, limit) => {
      const [row] = await reads.all(
        `select count(*), ${since.map(() => 'coalesce(sum(l >= ?), 0)').join(', ')}, max(k)
           from (select member_id as k, last_at as l from member_totals where member_id > ? order by member_id limit ?) as r`,
        [...since, after, limit],
      );
      const count = Number(row?.[0] ?? 0);
      profiles += count;
      for (let w = 0; w < since.length; w++) active[w]! += Number(row?.[w + 1] ?? 0);
      const last = row?.[since.length + 1];
      return { count, last: last === null || last === undefined ? null : Number(last) };
    });
    return { profiles, active, groups: [], topHolders: [] };
  }
  await walk(sizing, pause, async (after, limit) => {
    const rows = await reads.all('select member_id, balance, last_at from member_totals where member_id > ? order by member_id limit ?', [after, limit]);
    for (const r of rows) {
      const id = Number(r[0]);
      const balance = Number(r[1]);
      const last = Number(r[2]);
      profiles++;
      for (let w = 0; w < since.length; w++) if (last >= since[w]!) active[w]!++;
      histogram.set(balance, (histogram.get(balance) ?? 0) + 1);
      const n = topIds.length;
      if (n < TOP_HOLDERS || ahead(balance, id, topBalances[n - 1]!, topIds[n - 1]!)) {
        let at = n < TOP_HOLDERS ? n : n - 1;
        while (at > 0 && ahead(balance, id, topBalances[at - 1]!, topIds[at - 1]!)) {
          topBalances[at] = topBalances[at - 1]!;
          topIds[at] = topIds[at - 1]!;
          at--;
        }
        topBalances[at] = balance;
        topIds[at] = id;
      }
    }
    return { count: rows.length, last: rows.length ? Number(rows.at(-1)![0]) : null };
  });
  const groups = [...histogram].sort(([a], [b]) => a - b).map(([value, count]) => ({ value, count }));
  return { profiles, active, groups, topHolders: await holders(reads, topIds, topBalances) };
}

/** Names and levels of the top holders, read by key (the grouped statement's left joins). */
async function holders(reads: RangeReads, ids: readonly number[], balances: readonly number[]): Promise<TopHolder[]> {
  if (ids.length === 0) return [];
  const marks = ids.map(() => '?').join(', ');
  const [names, levels] = [
    await reads.all(`select id, username, first_name from members where id in (${marks})`, ids),
    await reads.all(`select member_id, level from profiles where member_id in (${marks})`, ids),
  ];
  const name = new Map(names.map((r) => [Number(r[0]), { username: (r[1] ?? null) as string | null, firstName: (r[2] ?? null) as string | null }]));
  const level = new Map(levels.map((r) => [Number(r[0]), r[1]]));
  return ids.map((memberId, i) => {
    const l = level.get(memberId);
    return {
      memberId,
      balance: balances[i]!,
      level: l === null || l === undefined ? 1 : Number(l),
      username: name.get(memberId)?.username ?? null,
      firstName: name.get(memberId)?.firstName ?? null,
    };
  });
}

/** `profiles` by its level index: members per level, lowest level first. */
export async function levelPass(reads: RangeReads, sizing: RangeSizing, pause: Pause): Promise<LevelCount[]> {
  const out: LevelCount[] = [];
  let level = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const [row] = await reads.all('select min(level) from profiles where level > ?', [level]);
    if (row?.[0] === null || row?.[0] === undefined) return out;
    level = Number(row[0]);
    let members = 0;
    await walk(counting(sizing), pause, async (after, limit) => {
      const range = await countRange(reads, 'select member_id as k from profiles where level = ? and member_id > ? order by member_id limit ?', [level, after, limit]);
      members += range.count;
      return range;
    });
    out.push({ level, members });
    await pause();
  }
}

/** `members` counted in ranges of its key. */
export async function memberCountPass(reads: RangeReads, sizing: RangeSizing, pause: Pause): Promise<number> {
  let total = 0;
  await walk(counting(sizing), pause, async (after, limit) => {
    const range = await countRange(reads, 'select id as k from members where id > ? order by id limit ?', [after, limit]);
    total += range.count;
    return range;
  });
  return total;
}
