/**
 * The statements of an accepted reaction press, with the very SQL text the engine sends.
 *
 * The reactions repository builds its statements with Kysely's `sql` template (the text
 * depends on the dialect: `max`/`greatest`, the member row in a CTE on PostgreSQL), so
 * there is no constant to share. Instead of a copy that could drift, the text is taken
 * from the repository itself: its functions (`claimPress`, `applyMovementIn`,
 * `insertReaction`, as `ReactionsService.react` calls them inside its transaction) run
 * once against a recording executor that answers like an accepted press. Only the SQL
 * text is kept.
 *
 * The values a press binds are built here (`pressValues`, the binders below: what `react`
 * binds for a FREE-channel post and a member who is not a configured admin), and
 * `reactStatements` checks them, position by position, against what the repository bound
 * for a sample press with distinct values: a reordered or added parameter fails the bench
 * at start instead of measuring something else.
 */
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { applyMovementIn, type Movement } from '../core/ledger/ledger-repository.js';
import {
  insertParameters,
  postgresFastParameters,
  sqliteUpdateParameters,
  type MovementValues,
} from '../core/ledger/movement-statements.js';
import type { FormulaSource } from '../core/levels/formula-source.js';
import { claimPress, insertReaction, type PressFacts } from '../core/reactions/reactions-repository.js';
import type { Dialect } from '../storage/connect.js';
import type { Database } from '../storage/database.js';

export const REACTION_TYPE = 'EARN_REACTION';

/** Everything one press binds (an accepted press of a member who is not a configured admin). */
export interface PressValues {
  memberId: number;
  channelId: number;
  messageId: number;
  emoji: string;
  now: number;
  /** Economy day number of `now`. */
  today: number;
  cooldownMs: number;
  limit: number;
  /** `reactions.amount`: what the press credits. */
  amount: number;
  /** The credit's idempotency key, built as `ReactionsService.react` builds it. */
  key: string;
  /** The credit, built as `ReactionsService.react` builds it (bound by the ledger's own builders). */
  movement: MovementValues;
}

export function pressValues(p: Omit<PressValues, 'key' | 'movement'>): PressValues {
  const key = `reaction:${p.channelId}:${p.messageId}`;
  return {
    ...p,
    key,
    movement: {
      memberId: p.memberId,
      amount: p.amount,
      earned: p.amount,
      spent: 0,
      type: REACTION_TYPE,
      reason: '',
      metadata: JSON.stringify({ channel: p.channelId, post: p.messageId, emoji: p.emoji }),
      idempotencyKey: key,
      at: p.now,
    },
  };
}

/** `configuredAdmin` is bound as 0/1; bench members are never configured admins. */
const NOT_ADMIN = 0;

/**
 * What a statement binds for a press; `previous` is the balance after the credit (SQLite's
 * transaction insert) or the transaction id (the reaction insert), else unused.
 */
type Binder = (p: PressValues, previous: number) => unknown[];

interface StatementSpec {
  role: string;
  bind: Binder;
  /** How the recording executor answers it: a row, or none (the replay check finds no earlier press). */
  answers: 'row' | 'none';
}

const SQLITE: readonly StatementSpec[] = [
  { role: 'member', answers: 'row', bind: (p) => [p.memberId, p.now, p.now] },
  {
    role: 'claim',
    answers: 'row',
    bind: (p) => [p.memberId, p.now, p.today, p.today, p.channelId, p.messageId, NOT_ADMIN, p.memberId, p.now, p.cooldownMs, p.cooldownMs, p.limit],
  },
  { role: 'replay', answers: 'none', bind: (p) => [p.memberId, p.key] },
  { role: 'credit', answers: 'row', bind: (p) => sqliteUpdateParameters(p.movement) },
  { role: 'transaction', answers: 'row', bind: (p, balance) => insertParameters(p.movement, balance) },
  { role: 'reaction', answers: 'row', bind: (p, transactionId) => [p.memberId, p.channelId, p.messageId, p.emoji, transactionId, p.now] },
];

const POSTGRES: readonly StatementSpec[] = [
  {
    role: 'claim',
    answers: 'row',
    bind: (p) => [
      p.memberId, p.now, p.now,
      p.memberId, p.now, p.today, p.today, p.channelId, p.messageId, NOT_ADMIN, p.memberId, p.now, p.cooldownMs, p.cooldownMs, p.limit,
    ],
  },
  { role: 'credit', answers: 'row', bind: (p) => postgresFastParameters(p.movement) },
  {
    role: 'reaction',
    answers: 'row',
    bind: (p, transactionId) => [p.memberId, p.channelId, p.messageId, p.emoji, transactionId, p.now],
  },
];

export interface SqliteReactStatements {
  member: string;
  claim: string;
  replay: string;
  credit: string;
  transaction: string;
  reaction: string;
}

export interface PostgresReactStatements {
  claim: string;
  credit: string;
  reaction: string;
}

type Statements<D extends Dialect> = D extends 'sqlite' ? SqliteReactStatements : PostgresReactStatements;

/** The binders of each statement, by role (the baseline's hot path uses them). */
export const BIND = {
  sqlite: Object.fromEntries(SQLITE.map((s) => [s.role, s.bind])) as Record<keyof SqliteReactStatements, Binder>,
  postgres: Object.fromEntries(POSTGRES.map((s) => [s.role, s.bind])) as Record<keyof PostgresReactStatements, Binder>,
};

// Distinct values, so a parameter bound at the wrong place cannot match by chance.
const SAMPLE = pressValues({
  memberId: 10_000_101,
  channelId: -10_000_102,
  messageId: 10_000_103,
  emoji: '❤️',
  now: 1_700_000_000_104,
  today: 19_675,
  cooldownMs: 10_000_105,
  limit: 10_000_106,
  amount: 7,
});
const SAMPLE_BALANCE = 10_000_107;
const SAMPLE_TRANSACTION_ID = 10_000_108;
const ANSWER = {
  day_count: 1,
  streak: 1,
  longest: 1,
  id: SAMPLE_TRANSACTION_ID,
  balance: SAMPLE_BALANCE,
  total_earned: SAMPLE_BALANCE,
  total_spent: 0,
  level: 1,
};

/**
 * The SQL text of each statement of an accepted press on `dialect`, from the repository,
 * after checking that the binders bind what the repository binds.
 */
export async function reactStatements<D extends Dialect>(dialect: D): Promise<Statements<D>> {
  const specs = dialect === 'sqlite' ? SQLITE : POSTGRES;
  const sent: CompiledQuery[] = [];
  const db = recordingKysely(dialect, (query) => {
    const spec = specs[sent.length];
    sent.push(query);
    return { rows: spec?.answers === 'none' ? [] : [ANSWER] };
  });
  try {
    const press: PressFacts = {
      memberId: SAMPLE.memberId,
      channelId: SAMPLE.channelId,
      messageId: SAMPLE.messageId,
      emoji: SAMPLE.emoji,
      now: SAMPLE.now,
      today: SAMPLE.today,
      cooldownMs: SAMPLE.cooldownMs,
      limit: SAMPLE.limit,
      configuredAdmin: false,
    };
    const movement: Movement = { ...SAMPLE.movement, createIfMissing: true };
    const noFormula: FormulaSource = () => {
      throw new Error('react bench: the recorded press left the fast path');
    };
    // The order of ReactionsService.react inside its transaction.
    const claimed = await claimPress(db, dialect, press);
    if (!claimed) throw new Error('react bench: the recorded claim was refused');
    const applied = await applyMovementIn(db, dialect, movement, noFormula);
    await insertReaction(db, press, applied.transactionId);
  } finally {
    await db.destroy();
  }

  const problems: string[] = [];
  if (sent.length !== specs.length) {
    problems.push(`the engine sends ${sent.length} statements, the baseline knows ${specs.length} (${specs.map((s) => s.role).join(', ')})`);
  }
  const statements: Record<string, string> = {};
  specs.forEach((spec, i) => {
    const query = sent[i];
    if (!query) return;
    const previous = spec.role === 'transaction' ? SAMPLE_BALANCE : SAMPLE_TRANSACTION_ID;
    const expected = spec.bind(SAMPLE, previous);
    const actual = [...query.parameters];
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      problems.push(`statement ${i + 1} (${spec.role}) binds ${JSON.stringify(actual)}, the baseline would bind ${JSON.stringify(expected)}`);
    }
    statements[spec.role] = query.sql;
  });
  if (problems.length > 0) {
    throw new Error(`react bench (${dialect}): the baseline no longer matches the reactions repository; update src/bench/react-statements.ts:\n  ${problems.join('\n  ')}`);
  }
  return statements as unknown as Statements<D>;
}

/** A Kysely of the dialect whose every query is answered by `answer` (nothing is connected). */
function recordingKysely(dialect: Dialect, answer: (query: CompiledQuery) => QueryResult<unknown>): Kysely<Database> {
  const connection: DatabaseConnection = {
    executeQuery: async <R>(query: CompiledQuery) => answer(query) as QueryResult<R>,
    streamQuery: async function* () {
      throw new Error('the recording executor does not stream');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return new Kysely<Database>({
    dialect:
      dialect === 'sqlite'
        ? {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => driver,
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          }
        : {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => driver,
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          },
  });
}
