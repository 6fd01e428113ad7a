/**
 * What the scale bench drives on the fixture: the same engine calls as the `credit` and
 * `react` rows of `besitos bench` (Ledger.credit; ReactionsService.react with cooldown 0 and
 * the highest daily limit), over a random sample of the fixture's members instead of 1,000
 * pre-funded ones, so most calls touch a profile, a state row and index pages no other
 * recent call touched.
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
import { emojiOf, REACT_SETTINGS } from '../react-workload.js';
import { memberOf } from '../workload.js';
import { FIXTURE_CHANNEL } from './fixture-shape.js';

const CHANGED_BY = 'besitos bench --scale';
/**
 * Members this far from their next level: a run visits each sampled member at most
 * MAX_VISITS times (credits of at most 7, presses of 5), so none levels up (the slow path
 * is not what the row measures, and the engine target refuses it).
 */
const LEVEL_MARGIN = 50;
export const MAX_VISITS = 7;

/** A random sample of members (at most `size`) that a run's credits cannot level up. */
export async function sampleMembers(storage: Storage, size: number): Promise<number[]> {
  const { rows } = await sql<{ member_id: number }>`
    select member_id from profiles where next_level_at - total_earned > ${LEVEL_MARGIN}
     order by random() limit ${size}`.execute(storage.db);
  return rows.map((r) => Number(r.member_id));
}

function asBenchDatabase(storage: Storage, memberIds: readonly number[]): BenchDatabase {
  return { storage, memberIds, funding: 0, destroy: async () => {} };
}

/** Ledger.credit of 1–7 besitos (EARN_REACTION), round-robin over the sample. */
export function scaleCreditTarget(storage: Storage, memberIds: readonly number[]): BenchTarget {
  return engineTarget(creditBench, asBenchDatabase(storage, memberIds));
}

/**
 * Accepted presses on new posts of the fixture's channel: op `seq` is member `seq % sample`
 * on post `first + floor(seq / sample)`, so every press is a new (member, post) pair. Posts
 * are registered ahead (`posts` of them after the highest one there). The settings the
 * react row uses are set for the run and reset by `close`.
 */
export async function scaleReactTarget(storage: Storage, memberIds: readonly number[], posts: number): Promise<BenchTarget & { capacity: number }> {
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
  const ctx = createEngineContext({ storage, clock: systemClock });
  const store = ctx.settings;
  for (const [key, value] of Object.entries(REACT_SETTINGS)) await store.set(key, value, CHANGED_BY);
  const reactions = new ReactionsService(ctx);
  const settings = await store.all();
  const emojis = settings['reactions.emojis'];
  const amount = settings['reactions.amount'];
  const members = memberIds.length;
  return {
    capacity: Math.min(posts * members, members * REACT_SETTINGS['reactions.daily_limit']),
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
