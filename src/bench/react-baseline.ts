/**
 * The raw-driver side of `react`: the engine's statements of an accepted press (their very
 * SQL text, react-statements.ts), in one transaction, with the values `react` binds.
 *
 * - SQLite: better-sqlite3 statements prepared once, all in one `transaction(...).immediate()`
 *   (BEGIN IMMEDIATE, like the engine's write transaction): ensure member, claim (guarded
 *   reaction_state upsert), replay check, guarded profile update, transaction insert,
 *   reaction insert.
 * - PostgreSQL: a plain pg.Pool of the engine's size; per press the engine's one-statement
 *   press (postgres-press.ts, issue 14: its text and parameter builder) as one named
 *   prepared statement — one round trip, like the engine.
 *
 * Settings are read once from the database's rows (the same rows as on the engine side),
 * not per press; the economy day is computed once per day window, not per press.
 */
import pg from 'pg';
import { dayNumber, dayStart } from '../core/economy-day.js';
import { loadSettings } from '../core/settings/settings.js';
import type { BenchDatabase } from './bench-database.js';
import type { BenchTarget } from './bench-target.js';
import { postgresPressText, pressParameters } from '../core/reactions/postgres-press.js';
import { BIND, pressValues, reactStatements, type PressValues } from './react-statements.js';
import { emojiOf, postOf, REACT_CHANNEL } from './react-workload.js';
import { memberOf } from './workload.js';

/**
 * Where press `seq` lands: the `react` row's channel and posts by default; the scale bench
 * gives the fixture's channel and the posts it registered for the run.
 */
export interface PressPlacement {
  channelId: number;
  postOf(seq: number, members: number): number;
}

const ROW_PLACEMENT: PressPlacement = { channelId: REACT_CHANNEL, postOf };

/** Builds the values of press `seq` at `now` from the settings stored in the database. */
async function pressesOf(database: BenchDatabase, placement: PressPlacement): Promise<(seq: number, now: number) => PressValues> {
  const settings = await loadSettings(database.storage.db);
  const { memberIds } = database;
  const members = memberIds.length;
  const emojis = settings['reactions.emojis'];
  const cooldownMs = settings['reactions.cooldown_seconds'] * 1000;
  const limit = settings['reactions.daily_limit'];
  const amount = settings['reactions.amount'];
  const timeZone = settings['economy.timezone'];
  // The economy day of `now`, recomputed only when `now` leaves the day it was computed for.
  let day = 0;
  let from = Infinity;
  let until = -Infinity;
  return (seq, now) => {
    if (now < from || now >= until) {
      day = dayNumber(now, timeZone);
      from = dayStart(day, timeZone);
      until = dayStart(day + 1, timeZone);
    }
    return pressValues({
      memberId: memberOf(memberIds, seq),
      channelId: placement.channelId,
      messageId: placement.postOf(seq, members),
      emoji: emojiOf(emojis, seq),
      now,
      today: day,
      cooldownMs,
      limit,
      amount,
    });
  };
}

export async function sqliteReactBaseline(database: BenchDatabase, placement = ROW_PLACEMENT): Promise<BenchTarget> {
  const sqlite = database.storage.sqlite;
  if (!sqlite) throw new Error('the SQLite baseline needs the better-sqlite3 handle');
  const text = await reactStatements('sqlite');
  const bind = BIND.sqlite;
  const member = sqlite.prepare(text.member);
  const claim = sqlite.prepare<unknown[], { day_count: number }>(text.claim);
  const replay = sqlite.prepare(text.replay);
  const credit = sqlite.prepare<unknown[], { balance: number }>(text.credit);
  const transaction = sqlite.prepare<unknown[], { id: number }>(text.transaction);
  const reaction = sqlite.prepare(text.reaction);
  const presses = await pressesOf(database, placement);

  const press = sqlite.transaction((p: PressValues): number => {
    member.run(bind.member(p, 0));
    if (!claim.get(bind.claim(p, 0))) throw new Error(`baseline: the press of ${p.memberId} on post ${p.messageId} was refused`);
    if (replay.get(bind.replay(p, 0))) throw new Error(`baseline: ${p.memberId} already pressed post ${p.messageId}`);
    const row = credit.get(bind.credit(p, 0));
    if (!row) throw new Error(`baseline: the guarded update of ${p.memberId} matched nothing`);
    const { id } = transaction.get(bind.transaction(p, row.balance))!;
    reaction.run(bind.reaction(p, id));
    return id;
  });
  return {
    op: (seq: number) => press.immediate(presses(seq, Date.now())),
    close: async () => {},
  };
}

export async function postgresReactBaseline(database: BenchDatabase, pgUrl: string, poolSize: number, placement = ROW_PLACEMENT): Promise<BenchTarget> {
  const schema = database.schema;
  if (!schema) throw new Error('the PostgreSQL baseline needs the run schema');
  // The engine's own statement text and parameter builder (postgres-press.ts).
  const text = postgresPressText(database.storage.db);
  const presses = await pressesOf(database, placement);
  const pool = new pg.Pool({ connectionString: pgUrl, max: poolSize, options: `-c search_path=${schema}` });
  pool.on('error', () => {});
  return {
    op: async (seq: number) => {
      const p = presses(seq, Date.now());
      const facts = { ...p, configuredAdmin: false };
      const { rows } = await pool.query<{ transaction_id: string | null }>({
        name: 'bench_react_press',
        text,
        values: pressParameters(facts, { ...p.movement, createIfMissing: true }),
      });
      const id = rows[0]?.transaction_id;
      if (id === null || id === undefined) throw new Error(`baseline: the press of ${p.memberId} on post ${p.messageId} was not applied`);
      return Number(id);
    },
    close: () => pool.end(),
  };
}
