/**
 * The VIP expiry job looks for VIPs whose time is up, every minute: a partial index on
 * `vip_expires_at` over VIP rows only. Its own migration (not added to 0004) so a
 * database already past 0004 gets it too (`ifNotExists`: a development build put it in 0004).
 */
import { sql, type Kysely } from 'kysely';

export function vipExpiryIndex() {
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createIndex('members_vip_expiry_idx')
        .ifNotExists()
        .on('members')
        .column('vip_expires_at')
        .where(sql.ref('role'), '=', 'VIP')
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropIndex('members_vip_expiry_idx').execute();
    },
  };
}
