/**
 * Members and VIP membership (SPEC §7): meeting a member, roles set by admins, VIP days
 * granted, the reminder opt-in, lookups and the role-change audit.
 */
import { z } from 'zod';
import { EconomyError } from '../../core/index.js';
import { engineChecked, memberField } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';
import { SIMULATE_OPERATOR } from './ledger-ops.js';


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
    economy.membership.register({
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
    economy.membership.setRole({
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
    economy.membership.grantVip({
      memberId: a.member,
      days: a.days,
      ...(a.admin !== undefined ? { adminId: a.admin } : { by: SIMULATE_OPERATOR }),
      ...(a.reason !== undefined ? { reason: a.reason } : {}),
    }),
);

const setReminders = defineOperation(
  'set_reminders',
  z.strictObject({ member: memberField, on: engineChecked<boolean>('on (true or false)') }),
  async (a, { economy }) => economy.membership.setReminders(a.member, a.on),
);

const member = defineOperation(
  'member',
  z.strictObject({ member: optionalChecked<number>(), username: z.string().optional() }),
  async (a, { economy }) => {
    if ((a.member === undefined) === (a.username === undefined)) {
      throw new EconomyError('INVALID_INPUT', 'member: give either member (a Telegram id) or username', { field: 'member' });
    }
    const found =
      a.member !== undefined ? await economy.membership.get(a.member) : await economy.membership.findByUsername(a.username!);
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
    items: await economy.membership.roleChanges(a.member, {
      ...(a.limit !== undefined ? { limit: a.limit } : {}),
      ...(a.before !== undefined ? { beforeId: a.before } : {}),
    }),
  }),
);

export const membershipOperations: readonly Operation[] = [register, setRole, grantVip, setReminders, member, roleChanges];
