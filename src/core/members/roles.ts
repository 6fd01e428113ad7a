/**
 * Roles (SPEC §0, §7): ADMIN > VIP > FREE. ADMIN comes from configuration (or a stored
 * ADMIN role); VIP is a membership with an expiry, effective until that instant even
 * before the day-boundary job writes FREE back.
 */
import type { Role } from '../../storage/database.js';

export interface RoleFacts {
  role: Role;
  vip_expires_at: number | null;
}

export function effectiveRole(member: RoleFacts | undefined, now: number, configuredAdmin: boolean): Role {
  if (configuredAdmin || member?.role === 'ADMIN') return 'ADMIN';
  if (member && member.vip_expires_at !== null && member.vip_expires_at > now) return 'VIP';
  return 'FREE';
}

/** May this member see VIP content (VIP channel posts, VIP-only products)? */
export function hasVipAccess(role: Role): boolean {
  return role === 'VIP' || role === 'ADMIN';
}
