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
 * - `profiles` by `member_id`: members per level;
 * - `members` by `id`: a count per range (`count(*)` of a LIMITed subquery).
 * Circulation and the lifetime totals come from `economy_day_totals` (days × types rows:
 * small), as before. Only the refresher writes the rollups, so the ranges of `member_totals`
 * agree with each other; profiles and members are read live (as a moment later).
 */
import { sql } from 'kysely';
import type { Executor } from '../../storage/write-transaction.js';
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
  let after = 0;
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
 * `member_totals` in ranges: profiles, active counts for `asOf`, and (unless `activeOnly`)
 * the balance groups and the top holders.
 */
export async function balancePass(db: Executor, asOf: number, sizing: RangeSizing, pause: Pause, activeOnly = false): Promise<BalancePass> {
  const since = ACTIVE_WINDOWS.map((days) => asOf - days * DAY_MS);
  const active = ACTIVE_WINDOWS.map(() => 0);
  const histogram = new Map<number, number>();
  // The best TOP_HOLDERS so far, best first (parallel arrays).
  const topIds: number[] = [];
  const topBalances: number[] = [];
  let profiles = 0;
  await walk(sizing, pause, async (after, limit) => {
    const rows = (
      await sql<{ m: number; b: number; l: number }>`
        select member_id as m, balance as b, last_at as l from member_totals
         where member_id > ${after} order by member_id limit ${limit}`.execute(db)
    ).rows;
    for (const r of rows) {
      const id = Number(r.m);
      const balance = Number(r.b);
      const last = Number(r.l);
      profiles++;
      for (let w = 0; w < since.length; w++) if (last >= since[w]!) active[w]!++;
      if (activeOnly) continue;
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
    return { count: rows.length, last: rows.length ? Number(rows.at(-1)!.m) : null };
  });
  const groups = [...histogram].sort(([a], [b]) => a - b).map(([value, count]) => ({ value, count }));
  return { profiles, active, groups, topHolders: await holders(db, topIds, topBalances) };
}

/** Names and levels of the top holders, read by key (the grouped statement's left joins). */
async function holders(db: Executor, ids: readonly number[], balances: readonly number[]): Promise<TopHolder[]> {
  if (ids.length === 0) return [];
  const [names, levels] = await Promise.all([
    db.selectFrom('members').select(['id', 'username', 'first_name']).where('id', 'in', ids).execute(),
    db.selectFrom('profiles').select(['member_id', 'level']).where('member_id', 'in', ids).execute(),
  ]);
  const name = new Map(names.map((r) => [Number(r.id), r]));
  const level = new Map(levels.map((r) => [Number(r.member_id), r.level]));
  return ids.map((memberId, i) => {
    const l = level.get(memberId);
    return {
      memberId,
      balance: balances[i]!,
      level: l === null || l === undefined ? 1 : Number(l),
      username: name.get(memberId)?.username ?? null,
      firstName: name.get(memberId)?.first_name ?? null,
    };
  });
}

/** `profiles` in ranges: members per level, lowest level first. */
export async function levelPass(db: Executor, sizing: RangeSizing, pause: Pause): Promise<LevelCount[]> {
  const counts = new Map<number, number>();
  await walk(sizing, pause, async (after, limit) => {
    const rows = (
      await sql<{ m: number; l: number }>`
        select member_id as m, level as l from profiles where member_id > ${after} order by member_id limit ${limit}`.execute(db)
    ).rows;
    for (const r of rows) counts.set(Number(r.l), (counts.get(Number(r.l)) ?? 0) + 1);
    return { count: rows.length, last: rows.length ? Number(rows.at(-1)!.m) : null };
  });
  return [...counts].sort(([a], [b]) => a - b).map(([level, members]) => ({ level, members }));
}

/** `members` counted in ranges of its key. */
export async function memberCountPass(db: Executor, sizing: RangeSizing, pause: Pause): Promise<number> {
  let total = 0;
  await walk(sizing, pause, async (after, limit) => {
    const row = (
      await sql<{ n: number; last: number | null }>`
        select count(*) as n, max(id) as last from (select id from members where id > ${after} order by id limit ${limit}) as r`.execute(db)
    ).rows[0]!;
    const n = Number(row.n);
    total += n;
    return { count: n, last: row.last === null ? null : Number(row.last) };
  });
  return total;
}
