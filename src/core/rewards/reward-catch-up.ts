/**
 * Issue 14: no reward grant is lost to a crash. Evaluation runs right after the event that
 * caused it (in the same call, before it returns), but a process can die between the
 * movement's commit and that evaluation. The ledger itself is the durable record of what
 * is owed an evaluation: this sweep walks `transactions` past a cursor kept in `bot_state`
 * and evaluates each member found there once. Evaluation is idempotent (an occurrence's
 * unique key decides every unlock), so a member evaluated twice (the in-call evaluation and
 * the sweep, two instances sweeping) is granted once.
 *
 * - Rows younger than `settleMs` wait for the next sweep: on PostgreSQL ids are taken
 *   before commit, so a lower id can become visible after a higher one; the cursor never
 *   passes a row that could still appear behind it.
 * - First sweep of a database (no cursor): from the first transaction, once, in batches.
 * - What moves no besitos and leaves no ledger row (a role change alone, a free claim) is
 *   evaluated again at the member's next movement, not by this sweep.
 * The jobs run it every minute (`jobs.start()`), and a restart runs it at once.
 */
import { readState, writeState } from '../adapter-state/adapter-state-repository.js';
import type { EngineContext } from '../engine-context.js';

export const CATCH_UP_CURSOR = 'rewards.evaluated_through';
const BATCH = 2000;
const DEFAULT_SETTLE_MS = 10_000;

export interface CatchUpOptions {
  /** Rows younger than this (economy clock) wait for the next sweep. */
  settleMs?: number;
}

/** Evaluates the members of the transactions past the cursor; returns how many members. */
export async function catchUpRewards(
  ctx: EngineContext,
  evaluate: (memberId: number) => Promise<unknown>,
  options: CatchUpOptions = {},
): Promise<number> {
  const db = ctx.storage.db;
  const until = ctx.clock.now() - (options.settleMs ?? DEFAULT_SETTLE_MS);
  let cursor = Number((await readState(db, CATCH_UP_CURSOR)) ?? 0);
  let members = 0;
  for (;;) {
    const rows = await db
      .selectFrom('transactions')
      .select(['id', 'member_id', 'created_at'])
      .where('id', '>', cursor)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    const young = rows.findIndex((r) => Number(r.created_at) > until);
    const settled = young === -1 ? rows : rows.slice(0, young);
    if (settled.length === 0) return members;
    const seen = new Set<number>();
    for (const r of settled) {
      const id = Number(r.member_id);
      if (seen.has(id)) continue;
      seen.add(id);
      await evaluate(id);
    }
    members += seen.size;
    cursor = Number(settled[settled.length - 1]!.id);
    await writeState(db, CATCH_UP_CURSOR, String(cursor), ctx.clock.now());
    if (settled.length < rows.length || rows.length < BATCH) return members;
  }
}
