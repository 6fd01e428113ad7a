/**
 * One member-keyed index on the ledger instead of two (issue 14, goal 5: a movement's cost
 * with a million members). Every movement wrote a leaf of `transactions_member_idx`
 * (member_id, id) and one of `transactions_member_type_idx` (member_id, type, id), each at
 * a place picked by its member: with 10M movements those are two random pages per commit
 * that a small community keeps hot and a large one does not.
 *
 * - `transactions_member_history_idx` (member_id, id, type) serves the history newest
 *   first and, with the type read from the index itself, its type filter and counts: a
 *   filtered page walks the member's entries, which are side by side, instead of a range
 *   of its own.
 * - `transactions_shop_spend_idx` (member_id) WHERE type = 'SPEND_SHOP' answers the reward
 *   facts' "has ever bought" (`member-rewards-repository.ts`, after every movement); it
 *   holds shop spends only, so no other movement writes it.
 * - `transactions_idempotency_idx` is keyed (idempotency_key, member_id) instead of
 *   (member_id, idempotency_key): the same pairs are unique and every lookup names both, but
 *   the engine's keys name what they pay for (`reaction:<channel>:<post>`, `daily:<day>`,
 *   `reward:<id>:<n>`), so a post's presses, a day's gifts and a reward's grants now write
 *   side by side instead of one random leaf each.
 */
import { sql, type Kysely } from 'kysely';
import { createIdempotencyIndex, createMemberIndexes } from './0002-transactions.js';

export function memberHistoryIndex() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.createIndex('transactions_member_history_idx').on('transactions').columns(['member_id', 'id', 'type']).execute();
      await db.schema
        .createIndex('transactions_shop_spend_idx')
        .on('transactions')
        .column('member_id')
        .where(sql.ref('type'), '=', 'SPEND_SHOP')
        .execute();
      await db.schema.dropIndex('transactions_member_type_idx').execute();
      await db.schema.dropIndex('transactions_member_idx').execute();
      await db.schema.dropIndex('transactions_idempotency_idx').execute();
      await createIdempotencyIndex(db, ['idempotency_key', 'member_id']);
    },
    async down(db: Kysely<any>): Promise<void> {
      await createMemberIndexes(db);
      await db.schema.dropIndex('transactions_shop_spend_idx').execute();
      await db.schema.dropIndex('transactions_member_history_idx').execute();
      await db.schema.dropIndex('transactions_idempotency_idx').execute();
      await createIdempotencyIndex(db, ['member_id', 'idempotency_key']);
    },
  };
}

