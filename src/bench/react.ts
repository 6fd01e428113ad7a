/**
 * Benchmark `react`: reaction presses (SPEC §3), every one accepted. The engine side is
 * `ReactionsService.react(...)` wired as `createEconomy` wires `economy.reactions` (the
 * SettingsStore's cached settings, validation, the guarded reaction_state upsert, the
 * credit through the ledger repository, the reaction row and the post's counts, in one
 * write transaction, then the events); the baseline side runs the same statements through
 * the raw driver (react-baseline.ts). Like the ledger benches (a bare Ledger), the event
 * bus has no listeners: what listeners do after the commit (rewards) is not the press, and
 * would write movements of their own.
 *
 * Workload, the same on both databases of a row:
 * - one FREE channel; settings `reactions.cooldown_seconds` 0 and `reactions.daily_limit`
 *   10,000 (the most the setting allows), written through the SettingsStore on the engine
 *   side and as the same rows (value and audit) on the baseline side;
 * - op `seq` is member `seq % members` pressing post `floor(seq / members) + 1` with the
 *   emoji `seq % emojis`: each press a new (member, post) pair, so none is refused, and
 *   fewer callers than members never press for the same member at once;
 * - posts are registered ahead of the ops in batches (`reserve`), outside the measured time;
 * - members are the funded members of every bench (workload.ts): a press credits 5, and a
 *   member's next level is 632,500 besitos away, so no press levels up (126,500 presses a
 *   member; the daily limit stops at 10,000 a day first).
 */
import { sql } from 'kysely';
import { systemClock } from '../core/clock.js';
import { storedFormula } from '../core/levels/formula-source.js';
import { createEngineContext } from '../core/engine-context.js';
import { ReactionsService } from '../core/reactions/index.js';
import { DEFAULT_SETTINGS } from '../core/settings/settings-schema.js';
import type { BenchDatabase } from './bench-database.js';
import type { Bench, BenchTarget } from './bench-target.js';
import { postgresReactBaseline, sqliteReactBaseline } from './react-baseline.js';
import { pgbenchPress } from './react-pgbench.js';
import { REACTION_TYPE } from './react-statements.js';
import { emojiOf, postOf, REACT_AMOUNT, REACT_CHANNEL, REACT_SETTINGS } from './react-workload.js';
import { FUNDING, memberOf } from './workload.js';

const CHANGED_BY = 'besitos bench';
const POSTS_CHUNK = 500;

export const reactBench: Bench = {
  name: 'react',
  sign: 1,
  amountOf: () => REACT_AMOUNT,
  seed: async ({ storage }) => {
    const at = Date.now();
    await storage.db
      .insertInto('channels')
      .values({ id: REACT_CHANNEL, kind: 'FREE', title: 'besitos bench', created_at: at, updated_at: at })
      .execute();
  },
  reserve: registerPosts,
  target: async (side, database, { pgUrl, poolSize }) => {
    if (side === 'engine') return engineTarget(database);
    await writeSettingRows(database);
    if (database.storage.dialect === 'sqlite') return sqliteReactBaseline(database);
    if (!pgUrl) throw new TypeError('the PostgreSQL baseline needs the URL');
    return postgresReactBaseline(database, pgUrl, poolSize);
  },
  check: checkReactions,
  compare: (database, { pgUrl, concurrency, durationMs }) => pgbenchPress(database, pgUrl, concurrency, durationMs),
};

/** The most presses the databases can take in one economy day: members × daily limit. */
function pressLimit(database: BenchDatabase): number {
  return database.memberIds.length * REACT_SETTINGS['reactions.daily_limit'];
}

/** Registers posts 1 … P on every database (same rows), P covering ops up to `upTo`. */
async function registerPosts(databases: readonly BenchDatabase[], upTo: number): Promise<number> {
  const first = databases[0];
  if (!first) return 0;
  const members = first.memberIds.length;
  const limit = pressLimit(first);
  const wanted = Math.ceil(Math.min(upTo, limit) / members);
  const at = Date.now();
  let posts = Infinity;
  for (const { storage } of databases) {
    const row = await storage.db
      .selectFrom('posts')
      .select((eb) => eb.fn.max('message_id').as('last'))
      .where('channel_id', '=', REACT_CHANNEL)
      .executeTakeFirst();
    const have = Number(row?.last ?? 0);
    if (have < wanted) {
      await storage.db.transaction().execute(async (trx) => {
        for (let from = have + 1; from <= wanted; from += POSTS_CHUNK) {
          const to = Math.min(wanted, from + POSTS_CHUNK - 1);
          const rows = Array.from({ length: to - from + 1 }, (_, i) => ({ channel_id: REACT_CHANNEL, message_id: from + i, created_at: at }));
          await trx.insertInto('posts').values(rows).execute();
        }
      });
    }
    posts = Math.min(posts, Math.max(have, wanted));
  }
  return Math.min(posts * members, limit);
}

async function engineTarget(database: BenchDatabase): Promise<BenchTarget> {
  const { storage, memberIds } = database;
  const ctx = createEngineContext({ storage, clock: systemClock });
  const store = ctx.settings;
  try {
    for (const [key, value] of Object.entries(REACT_SETTINGS)) await store.set(key, value, CHANGED_BY);
    const reactions = new ReactionsService(ctx);
    const settings = await store.all();
    const emojis = settings['reactions.emojis'];
    const amount = settings['reactions.amount'];
    if (amount !== REACT_AMOUNT) throw new Error(`react bench: reactions.amount is ${amount}, expected ${REACT_AMOUNT}`);
    const members = memberIds.length;
    return {
      op: async (seq: number) => {
        const result = await reactions.react({
          memberId: memberOf(memberIds, seq),
          channelId: REACT_CHANNEL,
          messageId: postOf(seq, members),
          emoji: emojiOf(emojis, seq),
        });
        if (result.amount !== amount) throw new Error(`react op ${seq} credited ${result.amount}, expected ${amount}`);
      },
      close: () => store.close(),
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/**
 * The baseline's settings: the rows `SettingsStore.set` writes for the same changes (the
 * value, and its audit entry from the default), so both databases hold the same settings.
 */
async function writeSettingRows({ storage }: BenchDatabase): Promise<void> {
  const at = Date.now();
  await storage.db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(REACT_SETTINGS)) {
      const json = JSON.stringify(value);
      await trx.insertInto('settings').values({ key, value: json, updated_at: at, updated_by: CHANGED_BY }).execute();
      await trx
        .insertInto('settings_audit')
        .values({
          key,
          old_value: JSON.stringify(DEFAULT_SETTINGS[key as keyof typeof REACT_SETTINGS]),
          new_value: json,
          changed_by: CHANGED_BY,
          changed_at: at,
        })
        .execute();
    }
  });
}

/**
 * Exactly one reaction row per press, each tied to its own EARN_REACTION transaction (same
 * member, the one-per-post key of its post), the state rows counting every press, and no
 * member levelled up (the credit stayed on the fast path). The ledger's own count and sums
 * are checked by the runner.
 */
async function checkReactions(database: BenchDatabase, totalOps: number, label: string): Promise<void> {
  const { db } = database.storage;
  const members = database.memberIds.length;
  const reactions = await db.selectFrom('reactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const paired = await db
    .selectFrom('reactions as r')
    .innerJoin('transactions as t', 't.id', 'r.transaction_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.type', '=', REACTION_TYPE)
    .where('t.amount', '=', REACT_AMOUNT)
    .whereRef('t.member_id', '=', 'r.member_id')
    .where(sql<boolean>`t.idempotency_key = 'reaction:' || r.channel_id || ':' || r.message_id`)
    .executeTakeFirstOrThrow();
  const state = await db
    .selectFrom('reaction_state')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('total').as('total')])
    .executeTakeFirstOrThrow();
  const level = (await storedFormula(db)).level(FUNDING);
  const levelled = await db
    .selectFrom('profiles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('level', '<>', level)
    .executeTakeFirstOrThrow();
  const actual = {
    reactions: Number(reactions.n),
    reactionsWithTheirCredit: Number(paired.n),
    membersWithState: Number(state.n),
    pressesInState: Number(state.total ?? 0),
    membersLevelledUp: Number(levelled.n),
  };
  const expected = {
    reactions: totalOps,
    reactionsWithTheirCredit: totalOps,
    membersWithState: Math.min(members, totalOps),
    pressesInState: totalOps,
    membersLevelledUp: 0,
  };
  for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
    if (actual[key] !== expected[key]) {
      throw new Error(`bench ${label}: ${key} is ${actual[key]} after ${totalOps} presses, expected ${expected[key]}`);
    }
  }
}
