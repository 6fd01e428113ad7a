/**
 * Who is an admin (SPEC §0): the Telegram ids listed in configuration, plus members whose
 * stored role is ADMIN. Asked on every admin action, never cached by the caller.
 */
import type { Storage } from '../../storage/connect.js';
import { EconomyError } from '../errors.js';
import { checkMemberId } from '../ledger/movement-input.js';

export interface AdminPolicy {
  /** Configured or stored ADMIN: asked on every admin action. */
  isAdmin(memberId: number): Promise<boolean>;
  /** Listed in configuration (no database read). */
  isConfiguredAdmin(memberId: number): boolean;
  /** The ids listed in configuration, ascending (whom to tell about the bot's missing rights). */
  configuredIds(): number[];
  /** Every admin now: configured and stored ADMIN, ascending (whom `npm start`'s login link can be for). */
  allIds(): Promise<number[]>;
  /**
   * The one check every admin action makes: the id, validated (INVALID_INPUT), of an admin
   * right now (FORBIDDEN otherwise, with `adminId`). Returns the id.
   */
  require(adminId: unknown): Promise<number>;
}

export function configuredAdmins(storage: Storage, adminIds: Iterable<number>): AdminPolicy {
  const configured = new Set(adminIds);
  const isAdmin = async (memberId: number): Promise<boolean> => {
    if (configured.has(memberId)) return true;
    const row = await storage.db.selectFrom('members').select('role').where('id', '=', memberId).executeTakeFirst();
    return row?.role === 'ADMIN';
  };
  return {
    isConfiguredAdmin: (memberId: number) => configured.has(memberId),
    configuredIds: () => [...configured].sort((a, b) => a - b),
    isAdmin,
    async allIds(): Promise<number[]> {
      const stored = await storage.db.selectFrom('members').select('id').where('role', '=', 'ADMIN').execute();
      return [...new Set([...configured, ...stored.map((r) => Number(r.id))])].sort((a, b) => a - b);
    },
    async require(adminId: unknown): Promise<number> {
      const id = checkMemberId(adminId, 'adminId');
      if (!(await isAdmin(id))) throw new EconomyError('FORBIDDEN', `member ${id} is not an admin of this community`, { adminId: id });
      return id;
    },
  };
}
