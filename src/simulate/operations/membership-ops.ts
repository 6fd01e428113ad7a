/**
 * Members and VIP membership (SPEC §7): meeting a member, roles set by admins, VIP days
 * granted, the reminder opt-in, lookups and the role-change audit.
 */
import { z } from 'zod';
import type { Economy } from '../../core/engine.js';
import { EconomyError } from '../../core/errors.js';
import { MembershipService } from '../../core/membership/membership-service.js';
import { engineChecked, memberField } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';
import { SIMULATE_OPERATOR } from './ledger-ops.js';

const services = new WeakMap<Economy, MembershipService>();

/**
 * The economy's membership service. Until the engine carries one (`economy.membership`),
 * one is built per economy over the economy's own storage, clock, events and admins.
 */
export function membershipOf(economy: Economy): MembershipService {
  const wired = (economy as Economy & { membership?: MembershipService }).membership;
  if (wired) return wired;
  let service = services.get(economy);
  if (!service) {
    service = new MembershipService({
      storage: economy.storage,
      clock: economy.clock,
      events: economy.events,
      admins: economy.admins,
      settings: economy.settings,
    });
    services.set(economy, service);
  }
  return service;
}

/** An optional field whose value the engine checks (so its refusal is the engine's). */
const optionalChecked = <T>() => z.custom<T>().optional();

const register = defineOperation(
  'register',
  z.strictObject({
    member: memberField,
    username: optionalChecked<string>(),
    first_name: optionalChecked<string>(),
    last_name: optionalChecked<string>(),
    language: optionalChecked<string>(),
  }),
  async (a, { economy }) =>
    membershipOf(economy).register({
      id: a.member,
      username: a.username,
      firstName: a.first_name,
      lastName: a.last_name,
      language: a.language,
    }),
);

const setRole = defineOperation(
  'set_role',
  z.strictObject({
    member: memberField,
    role: engineChecked<'FREE' | 'VIP' | 'ADMIN'>('role'),
    admin: engineChecked<number>('admin (a Telegram id)'),
    reason: z.string().optional(),
    days: optionalChecked<number>(),
  }),
  async (a, { economy }) =>
    membershipOf(economy).setRole({
      memberId: a.member,
      role: a.role,
      adminId: a.admin,
      ...(a.reason !== undefined ? { reason: a.reason } : {}),
      ...(a.days !== undefined ? { days: a.days } : {}),
    }),
);

const grantVip = defineOperation(
  'grant_vip',
  z.strictObject({
    member: memberField,
    days: engineChecked<number>('days'),
    // With `admin`: an admin's grant through the bot (checked, FORBIDDEN for a non-admin);
    // without: the operator running the simulation.
    admin: optionalChecked<number>(),
    reason: z.string().optional(),
  }),
  async (a, { economy }) =>
    membershipOf(economy).grantVip({
      memberId: a.member,
      days: a.days,
      ...(a.admin !== undefined ? { adminId: a.admin } : { by: SIMULATE_OPERATOR }),
      ...(a.reason !== undefined ? { reason: a.reason } : {}),
    }),
);

const setReminders = defineOperation(
  'set_reminders',
  z.strictObject({ member: memberField, on: engineChecked<boolean>('on (true or false)') }),
  async (a, { economy }) => membershipOf(economy).setReminders(a.member, a.on),
);

const member = defineOperation(
  'member',
  z.strictObject({ member: optionalChecked<number>(), username: z.string().optional() }),
  async (a, { economy }) => {
    if ((a.member === undefined) === (a.username === undefined)) {
      throw new EconomyError('INVALID_INPUT', 'member: give either member (a Telegram id) or username', { field: 'member' });
    }
    const found =
      a.member !== undefined ? await membershipOf(economy).get(a.member) : await membershipOf(economy).findByUsername(a.username!);
    if (!found) {
      throw new EconomyError('NOT_FOUND', `no member ${a.member ?? `@${a.username!.replace(/^@/, '')}`}`, {
        ...(a.member !== undefined ? { memberId: a.member } : { username: a.username }),
      });
    }
    return found;
  },
);

const roleChanges = defineOperation(
  'role_changes',
  z.strictObject({ member: memberField, limit: optionalChecked<number>(), before: optionalChecked<number>() }),
  async (a, { economy }) => ({
    items: await membershipOf(economy).roleChanges(a.member, {
      ...(a.limit !== undefined ? { limit: a.limit } : {}),
      ...(a.before !== undefined ? { beforeId: a.before } : {}),
    }),
  }),
);

export const membershipOperations: readonly Operation[] = [register, setRole, grantVip, setReminders, member, roleChanges];
