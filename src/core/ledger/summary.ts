/** The economy in a few numbers (the start screen; the full metrics of SPEC §8 come later). */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';

export interface EconomySummary {
  members: number;
  profiles: number;
  /** Besitos held by members right now. */
  circulation: number;
  totalEarned: number;
  totalSpent: number;
  transactions: number;
}

export async function readSummary(db: Kysely<Database>): Promise<EconomySummary> {
  const [members, profiles, transactions] = await Promise.all([
    db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('profiles')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.coalesce(eb.fn.sum<number>('balance'), eb.lit(0)).as('circulation'),
        eb.fn.coalesce(eb.fn.sum<number>('total_earned'), eb.lit(0)).as('earned'),
        eb.fn.coalesce(eb.fn.sum<number>('total_spent'), eb.lit(0)).as('spent'),
      ])
      .executeTakeFirstOrThrow(),
    db.selectFrom('transactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    members: Number(members.n),
    profiles: Number(profiles.n),
    circulation: Number(profiles.circulation),
    totalEarned: Number(profiles.earned),
    totalSpent: Number(profiles.spent),
    transactions: Number(transactions.n),
  };
}
