/**
 * The ledger's hot-path statements and their parameter builders (movement-statements.ts),
 * run against a real database: a movement with a distinct value in every field changes
 * exactly the columns it should by exactly its own values, each guard refuses (and
 * writes nothing) exactly at its bound, and the transaction row holds every value in its
 * column. A placeholder bound out of order shows as a wrong column or a guard that lets
 * through what it should refuse.
 *
 * SQLite runs the writer its fast paths share (raw better-sqlite3); PostgreSQL runs its
 * single-statement CTE through Kysely, as the repository does.
 */
import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  appliedMovement,
  INSERT_TRANSACTION,
  insertParameters,
  PG_FAST,
  postgresFastParameters,
  type AppliedMovement,
  type MovementValues,
  sqliteMovementWriter,
  type UpdatedProfile,
} from '../../../src/core/ledger/movement-statements.js';
import type { Storage } from '../../../src/storage/connect.js';
import { testDialects } from '../../helpers/dialects.js';
import { START, insertMember, profileRow, tableCounts, useLedger } from '../../helpers/ledger-fixtures.js';

const MEMBER = 41;
const OTHER = 42;
const PROFILE = { balance: 1000, total_earned: 5000, total_spent: 300, level: 3, next_level_at: 10_000 };

/** Every field distinct from the others and from the profile's columns. */
function movement(change: Partial<MovementValues> = {}): MovementValues {
  return {
    memberId: MEMBER,
    amount: 7,
    earned: 11,
    spent: 13,
    type: 'EARN_ADMIN',
    reason: 'why',
    metadata: '{"k":17}',
    idempotencyKey: 'key-19',
    at: START + 23,
    ...change,
  };
}

async function addProfile(storage: Storage, memberId: number): Promise<void> {
  await insertMember(storage, memberId);
  await storage.db
    .insertInto('profiles')
    .values({ member_id: memberId, ...PROFILE, created_at: START, updated_at: START })
    .execute();
}

/** The guarded update and the insert, as the dialect's fast path binds them. */
async function write(storage: Storage, m: MovementValues): Promise<AppliedMovement | undefined> {
  if (storage.dialect === 'sqlite') return sqliteMovementWriter(storage.sqlite!)(m);
  const { rows } = await storage.db.executeQuery<UpdatedProfile & { id: number }>(CompiledQuery.raw(PG_FAST, postgresFastParameters(m)));
  const row = rows[0];
  return row ? appliedMovement(row, Number(row.id)) : undefined;
}

async function transactionRow(storage: Storage, id: number) {
  const row = await storage.db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { ...row, id: Number(row.id), amount: Number(row.amount), balance_after: Number(row.balance_after), created_at: Number(row.created_at) };
}

async function profileNumbers(storage: Storage, memberId: number) {
  const row = await profileRow(storage, memberId);
  if (!row) return undefined;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

for (const dialect of testDialects()) {
  describe(`movement statements (${dialect.name})`, () => {
    const ctx = useLedger(dialect);

    it('moves each column by its own value and writes the transaction row with the balance after', async () => {
      await addProfile(ctx.storage, MEMBER);
      await addProfile(ctx.storage, OTHER);
      const other = await profileNumbers(ctx.storage, OTHER);

      const applied = await write(ctx.storage, movement());
      expect(applied).toEqual({ transactionId: expect.any(Number), balance: 1007, totalEarned: 5011, totalSpent: 313, level: 3, previousLevel: 3 });
      expect(await profileNumbers(ctx.storage, MEMBER)).toEqual({
        member_id: MEMBER,
        balance: 1007,
        total_earned: 5011,
        total_spent: 313,
        level: 3,
        next_level_at: 10_000,
        created_at: START,
        updated_at: START + 23,
      });
      expect(await profileNumbers(ctx.storage, OTHER)).toEqual(other);
      expect(await transactionRow(ctx.storage, applied!.transactionId)).toEqual({
        id: applied!.transactionId,
        member_id: MEMBER,
        amount: 7,
        type: 'EARN_ADMIN',
        reason: 'why',
        metadata: '{"k":17}',
        idempotency_key: 'key-19',
        balance_after: 1007,
        created_at: START + 23,
      });
    });

    it('refuses, writing nothing, exactly where each guard says', async () => {
      await addProfile(ctx.storage, MEMBER);
      const refused: Array<[string, MovementValues]> = [
        ['no profile', movement({ memberId: OTHER })],
        ['balance below 0', movement({ amount: -1001, earned: 0, spent: 1001 })],
        ['balance past 2^53 − 1', movement({ amount: Number.MAX_SAFE_INTEGER - 999, earned: 0, spent: 0 })],
        ['a level-up', movement({ amount: 5000, earned: 5000, spent: 0 })],
        ['total spent below 0', movement({ amount: 301, earned: 0, spent: -301 })],
      ];
      const before = { profile: await profileNumbers(ctx.storage, MEMBER), counts: await tableCounts(ctx.storage) };
      for (const [why, m] of refused) {
        expect(await write(ctx.storage, m), why).toBeUndefined();
        expect({ profile: await profileNumbers(ctx.storage, MEMBER), counts: await tableCounts(ctx.storage) }, why).toEqual(before);
      }

      // One short of each bound is applied.
      const atBounds: Array<[MovementValues, Partial<AppliedMovement>]> = [
        [movement({ amount: -1000, earned: 0, spent: 1000, idempotencyKey: null }), { balance: 0, totalSpent: 1300 }],
        [movement({ amount: 4999, earned: 4999, spent: 0, idempotencyKey: null }), { balance: 4999, totalEarned: 9999 }],
        [movement({ amount: -4999, earned: 0, spent: -1300, idempotencyKey: null }), { balance: 0, totalSpent: 0 }],
      ];
      for (const [m, expected] of atBounds) expect(await write(ctx.storage, m)).toMatchObject(expected);
    });

    it(`the insert binds every column in its place (${dialect.name} text)`, async () => {
      await insertMember(ctx.storage, MEMBER);
      const m = movement({ idempotencyKey: null });
      const { rows } = await ctx.storage.db.executeQuery<{ id: number }>(
        CompiledQuery.raw(INSERT_TRANSACTION[dialect.name], insertParameters(m, 29)),
      );
      const id = Number(rows[0]!.id);
      expect(await transactionRow(ctx.storage, id)).toEqual({
        id,
        member_id: MEMBER,
        amount: 7,
        type: 'EARN_ADMIN',
        reason: 'why',
        metadata: '{"k":17}',
        idempotency_key: null,
        balance_after: 29,
        created_at: START + 23,
      });
    });
  });
}
