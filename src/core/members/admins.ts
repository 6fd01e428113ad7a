/**
 * Who is an admin (SPEC §0): the Telegram ids listed in configuration, plus members whose
 * stored role is ADMIN. Asked on every admin action, never cached by the caller.
 */
import type { Storage } from '../../storage/connect.js';

export interface AdminPolicy {
  /** Configured or stored ADMIN: asked on every admin action. */
  isAdmin(memberId: number): Promise<boolean>;
  /** Listed in configuration (no database read). */
  isConfiguredAdmin(memberId: number): boolean;
}

export function configuredAdmins(storage: Storage, adminIds: Iterable<number>): AdminPolicy {
  const configured = new Set(adminIds);
  return {
    isConfiguredAdmin: (memberId: number) => configured.has(memberId),
    async isAdmin(memberId: number): Promise<boolean> {
      if (configured.has(memberId)) return true;
      const row = await storage.db.selectFrom('members').select('role').where('id', '=', memberId).executeTakeFirst();
      return row?.role === 'ADMIN';
    },
  };
}
