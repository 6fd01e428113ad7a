/**
 * An accepted reaction press on SQLite as one synchronous better-sqlite3 transaction, like
 * the ledger's `sqlite-fast-path.ts`. SQLite runs inside the Node thread, so the ~9 async
 * Kysely executions of a press (BEGIN IMMEDIATE, 7 statements, COMMIT) cost about 100 µs
 * of CPU more than the driver running the same statements.
 *
 * Same statements, same SQL text: each is built by the repository's own functions and
 * compiled with the storage's Kysely (so also the same parameters), the credit is the
 * ledger's guarded update + insert (its own writer, movement-statements.ts). Statements are
 * prepared once per handle and SQL text.
 *
 * First (issue 14) the press's facts are read without a transaction; when the caller's
 * `refuses` says a rule certainly refuses the press, that is the answer: no BEGIN
 * IMMEDIATE, no rollback, no second try on the async path.
 *
 * Only the accepted press is handled here. Anything else — the claim refused (access,
 * cooldown, daily limit), the credit's guard failing (no profile yet, a level-up), a unique
 * key (already reacted), any error — throws inside the transaction, so better-sqlite3 rolls
 * all of it back, and the caller runs the async path, which gives the exact refusal.
 * The replay check of the async path is left out: the transaction's idempotency key and
 * the reactions key refuse a second press anyway (and the async path then explains it).
 */
import type SqliteDatabase from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import type { Storage } from '../../storage/connect.js';
import type { AppliedMovement, Movement } from '../ledger/ledger-repository.js';
import { sqliteMovementWriter } from '../ledger/movement-statements.js';
import { factsFromRow, factsRead, type MemberFactsRow } from '../rewards/member-rewards-repository.js';
import type { MemberFacts } from '../rewards/reward-conditions.js';
import {
  claimStatement,
  factsStatement,
  memberStatement,
  reactionStatement,
  toClaimed,
  type ClaimedPress,
  type ClaimRow,
  type PressFacts,
  type PressRefusalFacts,
  type RefusalFactsRow,
  toRefusalFacts,
} from './reactions-repository.js';

export interface FastPress {
  claimed: ClaimedPress;
  applied: AppliedMovement;
  /** The facts read before the transaction (access passed): the repeat memo keeps them. */
  facts: PressRefusalFacts;
  /** The member's reward facts, read in the press's transaction after its writes (rewards/known-facts.ts). */
  memberFacts: MemberFacts;
}

/** Issue 14: what the read decided — a refusal certain from the facts, no transaction opened. */
export interface RefusedByRead {
  refused: PressRefusalFacts;
}

type Run = (p: PressFacts, m: Movement, refuses: (facts: PressRefusalFacts) => boolean) => FastPress | RefusedByRead;

/** Thrown inside the transaction: roll back, take the async path. */
class NotHere extends Error {}

const prepared = new WeakMap<SqliteDatabase.Database, Run>();

/**
 * The press applied; its facts when `refuses` says they refuse it (read without a
 * transaction); or undefined when the async path must run (nothing was written).
 */
export async function sqliteFastPress(
  storage: Storage,
  p: PressFacts,
  m: Movement,
  refuses: (facts: PressRefusalFacts) => boolean = () => false,
): Promise<FastPress | RefusedByRead | undefined> {
  const { sqlite } = storage;
  if (storage.dialect !== 'sqlite' || !sqlite) return undefined;
  let run = prepared.get(sqlite);
  if (!run) {
    run = prepare(storage, sqlite);
    prepared.set(sqlite, run);
  }
  const press = run;
  try {
    // Holding Kysely's one connection: no Kysely transaction is open while this one runs.
    return await storage.db.connection().execute(async () => press(p, m, refuses));
  } catch {
    return undefined;
  }
}

function prepare(storage: Storage, sqlite: SqliteDatabase.Database): Run {
  const statements = new Map<string, SqliteDatabase.Statement>();
  const statement = (q: CompiledQuery): SqliteDatabase.Statement => {
    let s = statements.get(q.sql);
    if (!s) {
      s = sqlite.prepare(q.sql);
      statements.set(q.sql, s);
    }
    return s;
  };
  const db = storage.db;
  const credit = sqliteMovementWriter(sqlite);

  const tx = sqlite.transaction((p: PressFacts, m: Movement): Omit<FastPress, 'facts'> => {
    const member = memberStatement(p).compile(db);
    statement(member).run(...member.parameters);
    const claim = claimStatement('sqlite', p).compile(db);
    const claimed = toClaimed(statement(claim).get(...claim.parameters) as ClaimRow | undefined);
    if (!claimed) throw new NotHere('refused');
    // The ledger's own writer: the statements and parameters applyMovementIn sends through Kysely.
    const applied = credit(m);
    if (!applied) throw new NotHere('credit guard');
    const reaction = reactionStatement(p, applied.transactionId).compile(db);
    statement(reaction).run(...reaction.parameters);
    // The member's facts as a read after the commit would find them (the same read), for
    // the press's reward evaluation: it need not read them again.
    const read = factsRead(db, p.memberId);
    const row = statement(read).get(...read.parameters) as MemberFactsRow;
    return { claimed, applied, memberFacts: factsFromRow(row, p.now, p.today, p.configuredAdmin) };
  });
  return (p, m, refuses) => {
    // A read outside any transaction (autocommit): a repeat costs this, not BEGIN IMMEDIATE.
    const read = factsStatement(p).compile(db);
    const facts = toRefusalFacts(statement(read).get(...read.parameters) as RefusalFactsRow);
    if (refuses(facts)) return { refused: facts };
    return { ...tx.immediate(p, m), facts };
  };
}
