/**
 * What the scale bench drives on the fixture: the same engine calls as the `credit` and
 * `react` rows of `besitos bench` (Ledger.credit; ReactionsService.react with cooldown 0 and
 * the highest daily limit), over a random sample of the fixture's members instead of 1,000
 * pre-funded ones, so most calls touch a profile, a state row and index pages no other
 * recent call touched. Beside each, the same rows' raw-driver side (the same SQL through
 * better-sqlite3 or a plain pg.Pool, sqlite-baseline.ts / react-baseline.ts) on members of
 * its own: what the database alone makes of the same work at this size.
 */
import { sql } from 'kysely';
import { systemClock } from '../../core/clock.js';
import { createEngineContext } from '../../core/engine-context.js';
import { ReactionsService } from '../../core/reactions/index.js';
import type { Storage } from '../../storage/connect.js';
import type { BenchDatabase } from '../bench-database.js';
import type { BenchTarget } from '../bench-target.js';
import { creditBench } from '../credit.js';
import { engineTarget } from '../engine-target.js';
import { postgresBaseline } from '../postgres-baseline.js';
import { postgresReactBaseline, sqliteReactBaseline, type PressPlacement } from '../react-baseline.js';
import { sqliteBaseline } from '../sqlite-baseline.js';
import { emojiOf, REACT_SETTINGS } from '../react-workload.js';
import { memberOf } from '../workload.js';
import { FIXTURE_CHANNEL } from './fixture-shape.js';

const CHANGED_BY = 'besitos bench --scale';
/**
 * Members this far from their next level: each rate row visits a sampled member at most
 * MAX_VISITS times (credits of at most 7, presses of 5), and one run has both rows on the
 * same members (7 × 7 + 7 × 5 = 84), so none levels up (the slow path is not what the rows
 * measure; the raw driver's guarded update refuses it).
 */
const LEVEL_MARGIN = 100;
export const MAX_VISITS = 7;

/** A random sample of members (at most `size`) that a run's credits cannot level up. */
export async function sampleMembers(storage: Storage, size: number): Promise<number[]> {
  const { rows } = await sql<{ member_id: number }>`
    select member_id from profiles where next_level_at - total_earned > ${LEVEL_MARGIN}
     order by random() limit ${size}`.execute(storage.db);
  return rows.map((r) => Number(r.member_id));
}

function asBenchDatabase(storage: Storage, memberIds: readonly number[]): BenchDatabase {
  return { storage, memberIds, funding: 0, ...(storage.schema ? { schema: storage.schema } : {}), destroy: async () => {} };
}

/** How the raw-driver sides reach PostgreSQL (SQLite uses the fixture's own handle). */
export interface RawConnection {
  pgUrl?: string;
  poolSize: number;
}

/** Ledger.credit of 1–7 besitos (EARN_REACTION), round-robin over the sample. */
export function scaleCreditTarget(storage: Storage, memberIds: readonly number[]): BenchTarget {
  return engineTarget(creditBench, asBenchDatabase(storage, memberIds));
}

/** The same credits through the raw driver (the `credit` row's baseline), on other members. */
export function scaleCreditRaw(storage: Storage, memberIds: readonly number[], connection: RawConnection): BenchTarget {
  const database = asBenchDatabase(storage, memberIds);
  if (storage.dialect === 'sqlite') return sqliteBaseline(creditBench, database);
  if (!connection.pgUrl) throw new TypeError('the PostgreSQL raw side needs the URL');
  return postgresBaseline(creditBench, database, connection.pgUrl, connection.poolSize);
}

/** Registers `posts` new posts of the fixture's channel after the highest one there; returns the first. */
async function registerPosts(storage: Storage, posts: number): Promise<number> {
  const { db } = storage;
  const last = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.max('message_id').as('last'))
    .where('channel_id', '=', FIXTURE_CHANNEL)
    .executeTakeFirst();
  const first = Number(last?.last ?? 0) + 1;
  const at = Date.now();
  await db
    .insertInto('posts')
    .values(Array.from({ length: posts }, (_, i) => ({ channel_id: FIXTURE_CHANNEL, message_id: first + i, created_at: at })))
    .execute();
  return first;
}

function pressCapacity(posts: number, members: number): number {
  return Math.min(posts * members, members * REACT_SETTINGS['reactions.daily_limit']);
}

/**
 * Accepted presses on new posts of the fixture's channel: op `seq` is member `seq % sample`
 * on post `first + floor(seq / sample)`, so every press is a new (member, post) pair. Posts
 * are registered ahead (`posts` of them after the highest one there). The settings the
 * react row uses are set for the run and reset by `close`.
 */
export async function scaleReactTarget(storage: Storage, memberIds: readonly number[], posts: number): Promise<BenchTarget & { capacity: number }> {
  const first = await registerPosts(storage, posts);
  const ctx = createEngineContext({ storage, clock: systemClock });
  const store = ctx.settings;
  for (const [key, value] of Object.entries(REACT_SETTINGS)) await store.set(key, value, CHANGED_BY);
  const reactions = new ReactionsService(ctx);
  const settings = await store.all();
  const emojis = settings['reactions.emojis'];
  const amount = settings['reactions.amount'];
  const members = memberIds.length;
  return {
    capacity: pressCapacity(posts, members),
    op: async (seq: number) => {
      const result = await reactions.react({
        memberId: memberOf(memberIds, seq),
        channelId: FIXTURE_CHANNEL,
        messageId: first + Math.floor(seq / members),
        emoji: emojiOf(emojis, seq),
      });
      if (result.amount !== amount) throw new Error(`scale react op ${seq} credited ${result.amount}, expected ${amount}`);
    },
    close: async () => {
      for (const key of Object.keys(REACT_SETTINGS)) await store.reset(key, CHANGED_BY);
      await store.close();
    },
  };
}

/**
 * The same presses through the raw driver (the `react` row's baseline: its statements in one
 * transaction on SQLite, the engine's one press statement on PostgreSQL), on other members
 * and posts of their own. Reads the settings from the database: make it after
 * `scaleReactTarget`, which sets them, and close it before.
 */
export async function scaleReactRaw(
  storage: Storage,
  memberIds: readonly number[],
  posts: number,
  connection: RawConnection,
): Promise<BenchTarget & { capacity: number }> {
  const first = await registerPosts(storage, posts);
  const placement: PressPlacement = { channelId: FIXTURE_CHANNEL, postOf: (seq, members) => first + Math.floor(seq / members) };
  const database = asBenchDatabase(storage, memberIds);
  const capacity = pressCapacity(posts, memberIds.length);
  if (storage.dialect === 'sqlite') return { ...(await sqliteReactBaseline(database, placement)), capacity };
  if (!connection.pgUrl) throw new TypeError('the PostgreSQL raw side needs the URL');
  return { ...(await postgresReactBaseline(database, connection.pgUrl, connection.poolSize, placement)), capacity };
}
