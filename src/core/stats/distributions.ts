/**
 * The metrics' distributions (SPEC §8), kept by the rollups instead of walking `member_totals`
 * at each snapshot (0016-metrics-distributions): each rollup batch knows, for every member it
 * writes, the totals before (new minus the batch's delta; the last movement from
 * `prev_last_at`) and after (the upsert's `returning`), and moves the member between buckets
 * in the same transaction:
 * - `balance_counts` (mean, median, Gini), `earned_counts` (levels under any formula),
 *   `active_minutes` (active 7/30 days, to the minute): a count per value;
 * - `top_balances`: every member ordered at or before a boundary in the top holders' order
 *   (balance descending, then member id ascending), or every member (`all`). A member is in
 *   it exactly when their balance puts them there, so its first TOP_HOLDERS rows are the top
 *   holders as long as it holds that many; `keepTopHolders` refills it from `member_totals`
 *   (one sorted read, rare: the top holders must spend below the boundary) and trims it.
 */
import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { Dialect, Storage } from '../../storage/connect.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { TOP_HOLDERS } from '../metrics/metrics-types.js';
import { jsonRows } from './json-rows.js';
import { readState, writeState } from './stats-state.js';

export const TOP_STATE = 'top-holders';
export const MINUTE_MS = 60_000;
/** The count tables and their key columns. */
const COUNT_KEYS = { balance_counts: 'balance', earned_counts: 'earned', active_minutes: 'minute' } as const;
type CountTable = keyof typeof COUNT_KEYS;
export const DISTRIBUTION_TABLES = [...(Object.keys(COUNT_KEYS) as CountTable[]), 'top_balances'] as const;

/** Where `top_balances` ends: every member (`all`), or the last member (in the top holders' order) it holds. */
export type TopBoundary = { all: true } | { balance: number; member: number };

/** How many members `top_balances` keeps: refilled to `keep` (≥ TOP_HOLDERS), trimmed back to it past `cap`. */
export interface TopTracking {
  keep: number;
  cap: number;
}
export const DEFAULT_TOP_TRACKING: TopTracking = { keep: 100, cap: 1000 };

const within = (balance: number, member: number, b: TopBoundary) =>
  'all' in b || balance > b.balance || (balance === b.balance && member <= b.member);

/** A member's totals after the upsert, and what the batch added to them. */
export interface TotalsMove {
  member: number;
  balance: number;
  earned: number;
  movements: number;
  lastAt: number;
  prevLastAt: number | null;
  delta: { balance: number; earned: number; movements: number };
}

const bump = (counts: Map<number, number>, key: number, by: number) => counts.set(key, (counts.get(key) ?? 0) + by);

/** One write transaction's moves between buckets; `boundary` null: the top holders are not tracked yet. */
export class DistributionChanges {
  readonly #counts: Record<CountTable, Map<number, number>> = { balance_counts: new Map(), earned_counts: new Map(), active_minutes: new Map() };
  readonly #topSet = new Map<number, number>();
  readonly #topDrop: number[] = [];

  constructor(readonly boundary: TopBoundary | null) {}

  add(m: TotalsMove): void {
    // A row the batch inserted has exactly the batch's movements: nothing to leave.
    const existed = m.movements !== m.delta.movements;
    const before = { balance: m.balance - m.delta.balance, earned: m.earned - m.delta.earned, minute: m.prevLastAt === null ? null : Math.floor(m.prevLastAt / MINUTE_MS) };
    const after = { balance: m.balance, earned: m.earned, minute: Math.floor(m.lastAt / MINUTE_MS) };
    if (existed) {
      bump(this.#counts.balance_counts, before.balance, -1);
      bump(this.#counts.earned_counts, before.earned, -1);
      // An update always sets prev_last_at (from the row it replaces).
      if (before.minute !== null) bump(this.#counts.active_minutes, before.minute, -1);
    }
    bump(this.#counts.balance_counts, after.balance, 1);
    bump(this.#counts.earned_counts, after.earned, 1);
    bump(this.#counts.active_minutes, after.minute, 1);
    if (this.boundary) {
      if (within(after.balance, m.member, this.boundary)) this.#topSet.set(m.member, after.balance);
      else if (existed && within(before.balance, m.member, this.boundary)) this.#topDrop.push(m.member);
    }
  }

  #countEntries(): Array<[CountTable, Map<number, number>]> {
    return Object.entries(this.#counts) as Array<[CountTable, Map<number, number>]>;
  }

  /**
   * SQLite: the moves row by row through statements prepared once, synchronously on the
   * handle the caller's write transaction holds (`raw`). No await inside the transaction:
   * each one let the presses' callbacks run inside the slice, and the pacer rests in
   * proportion to a slice's length (a refresh beside a credit loop measured 3× longer).
   */
  writeRaw(raw: SqliteDatabase.Database): void {
    const s = statementsOf(raw);
    for (const [table, counts] of this.#countEntries()) {
      for (const [key, by] of counts) {
        if (by === 0) continue;
        s[table].add.run(key, by);
        if (by < 0) s[table].drop.run(key);
      }
    }
    for (const [member, balance] of this.#topSet) s.top.set.run(member, balance);
    for (const member of this.#topDrop) s.top.drop.run(member);
  }

  /** Writes the moves (inside the caller's write transaction): one upsert and one delete of emptied buckets per table. */
  async write(trx: Executor, dialect: Dialect): Promise<void> {
    for (const [table, counts] of this.#countEntries()) {
      const key = sql.id(COUNT_KEYS[table]);
      const moved = [...counts].filter(([, by]) => by !== 0);
      if (moved.length === 0) continue;
      await sql`
        insert into ${sql.table(table)} (${key}, members)
        ${jsonRows(dialect, ['int', 'int'], moved)}
        on conflict (${key}) do update set members = ${sql.table(table)}.members + excluded.members`.execute(trx);
      const left = moved.filter(([, by]) => by < 0).map(([k]) => [k]);
      if (left.length > 0) await sql`delete from ${sql.table(table)} where members = 0 and ${key} in (${jsonRows(dialect, ['int'], left)})`.execute(trx);
    }
    if (this.#topSet.size > 0) {
      await sql`
        insert into top_balances (member_id, balance)
        ${jsonRows(dialect, ['int', 'int'], [...this.#topSet])}
        on conflict (member_id) do update set balance = excluded.balance`.execute(trx);
    }
    if (this.#topDrop.length > 0) {
      await sql`delete from top_balances where member_id in (${jsonRows(dialect, ['int'], this.#topDrop.map((id) => [id]))})`.execute(trx);
    }
  }
}

type RawStatements = Record<CountTable, { add: SqliteDatabase.Statement; drop: SqliteDatabase.Statement }> & {
  top: { set: SqliteDatabase.Statement; drop: SqliteDatabase.Statement };
};
const prepared = new WeakMap<SqliteDatabase.Database, RawStatements>();

function statementsOf(raw: SqliteDatabase.Database): RawStatements {
  let s = prepared.get(raw);
  if (!s) {
    const counts = (table: CountTable) => {
      const key = COUNT_KEYS[table];
      return {
        add: raw.prepare(`insert into ${table} (${key}, members) values (?, ?) on conflict (${key}) do update set members = members + excluded.members`),
        drop: raw.prepare(`delete from ${table} where ${key} = ? and members = 0`),
      };
    };
    s = {
      balance_counts: counts('balance_counts'),
      earned_counts: counts('earned_counts'),
      active_minutes: counts('active_minutes'),
      top: {
        set: raw.prepare('insert into top_balances (member_id, balance) values (?, ?) on conflict (member_id) do update set balance = excluded.balance'),
        drop: raw.prepare('delete from top_balances where member_id = ?'),
      },
    };
    prepared.set(raw, s);
  }
  return s;
}

/** The boundary the rollups keep `top_balances` to (null: not tracked yet, or emptied by a rebuild). */
export async function readTopBoundary(db: Executor): Promise<TopBoundary | null> {
  return (await readState<TopBoundary>(db, TOP_STATE))?.value ?? null;
}

/**
 * After the rollups caught up (by the refresher, the only writer): refills `top_balances`
 * when it no longer holds TOP_HOLDERS members while others exist below its boundary (or was
 * never filled), and trims it back to `keep` past `cap`.
 */
export async function keepTopHolders(storage: Storage, tracking: TopTracking, now: number): Promise<'kept' | 'refilled' | 'trimmed'> {
  const { db } = storage;
  const stored = await readState<TopBoundary>(db, TOP_STATE);
  const tracked = Number((await db.selectFrom('top_balances').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const keep = Math.max(tracking.keep, TOP_HOLDERS);
  const boundary = stored?.value ?? null;
  if (boundary && tracked > Math.max(tracking.cap, keep)) {
    const last = await db.selectFrom('top_balances').select(['member_id', 'balance']).orderBy('balance', 'desc').orderBy('member_id').offset(keep - 1).limit(1).executeTakeFirstOrThrow();
    const next: TopBoundary = { balance: Number(last.balance), member: Number(last.member_id) };
    await writeTransaction(storage, async (trx) => {
      await trx
        .deleteFrom('top_balances')
        .where((eb) => eb.or([eb('balance', '<', next.balance), eb.and([eb('balance', '=', next.balance), eb('member_id', '>', next.member)])]))
        .execute();
      await writeState(trx, TOP_STATE, next, stored!.version, now);
    });
    return 'trimmed';
  }
  if (boundary && ('all' in boundary || tracked >= TOP_HOLDERS)) return 'kept';
  // One sorted read of the totals (a top-N sort, memory bounded by `keep`).
  const rows = await db.selectFrom('member_totals').select(['member_id', 'balance']).orderBy('balance', 'desc').orderBy('member_id').limit(keep).execute();
  const lastRow = rows.at(-1);
  const next: TopBoundary = rows.length < keep || !lastRow ? { all: true } : { balance: Number(lastRow.balance), member: Number(lastRow.member_id) };
  await writeTransaction(storage, async (trx) => {
    await trx.deleteFrom('top_balances').execute();
    if (rows.length > 0) await trx.insertInto('top_balances').values(rows.map((r) => ({ member_id: Number(r.member_id), balance: Number(r.balance) }))).execute();
    await writeState(trx, TOP_STATE, next, stored?.version ?? null, now);
  });
  return 'refilled';
}
