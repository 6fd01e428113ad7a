/**
 * Members and VIP membership (SPEC §0, §7) on both databases: registration, lookups, VIP
 * extension from max(now, expiry), admin role changes (checked every time), the role_changes
 * audit, events after commit, and expiry at the exact instant.
 */
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { VipGrants } from '../../../src/core/membership/vip-grants.js';
import { writeTransaction } from '../../../src/storage/write-transaction.js';
import { testDialects } from '../../helpers/dialects.js';
import { pgStatementsOf } from '../../helpers/pg-statements.js';
import { countRows, refusal } from '../../helpers/ledger-fixtures.js';
import {
  CONFIGURED_ADMIN,
  DAY,
  START,
  insertMember,
  memberRow,
  roleChangeRows,
  useMembership,
} from './membership-fixture.js';

for (const dialect of testDialects()) {
  describe(`membership (${dialect.name})`, () => {
    const ctx = useMembership(dialect);

    describe('register and lookups', () => {
      it('creates the member, fills in and updates names, never overwrites a known value with null', async () => {
        const first = await ctx.membership.register({ id: 42, username: '@Ana_Bell', firstName: 'Ana', language: 'ES' });
        expect(first).toEqual({
          id: 42,
          username: 'Ana_Bell',
          firstName: 'Ana',
          lastName: null,
          language: 'es',
          locale: null,
          blockedAt: null,
          privateChatAt: null,
          reachable: false,
          role: 'FREE',
          storedRole: 'FREE',
          vipExpiresAt: null,
          reminders: false,
          createdAt: new Date(START),
          updatedAt: new Date(START),
        });
        ctx.clock.advance(60_000);
        // Met again without a username and with a last name: the username stays.
        const second = await ctx.membership.register({ id: 42, firstName: 'Ana María', lastName: 'Bell', username: null });
        expect(second).toMatchObject({ username: 'Ana_Bell', firstName: 'Ana María', lastName: 'Bell', language: 'es' });
        expect(second.createdAt).toEqual(new Date(START));
        expect(second.updatedAt).toEqual(new Date(START + 60_000));
        expect(await ctx.membership.get(42)).toEqual(second);
        expect(await countRows(ctx.storage, 'members')).toBe(1);
      });

      it('finds by @username or username, case-insensitive; null when nobody has it', async () => {
        await ctx.membership.register({ id: 42, username: 'Ana_Bell' });
        await ctx.membership.register({ id: 43, username: 'bob' });
        expect((await ctx.membership.findByUsername('@ana_bell'))?.id).toBe(42);
        expect((await ctx.membership.findByUsername('ANA_BELL'))?.id).toBe(42);
        expect((await ctx.membership.findByUsername('@Bob'))?.id).toBe(43);
        expect(await ctx.membership.findByUsername('carol')).toBeNull();
        expect(await ctx.membership.get(44)).toBeNull();
        await refusal(ctx.membership.findByUsername('no spaces please'), 'INVALID_INPUT');
      });

      it.runIf(dialect.name === 'postgres')('on PostgreSQL a registration is one statement, a moved username included', async () => {
        await ctx.membership.register({ id: 42, username: 'star' });
        const sent = await pgStatementsOf(() => ctx.membership.register({ id: 43, username: 'STAR', firstName: 'Nova' }));
        // What the registration sent (not a background LISTEN of the settings' freshness).
        expect(sent.filter((text) => /\bmembers\b|^\s*(begin|commit|rollback)\b/i.test(text))).toHaveLength(1);
        expect((await ctx.membership.findByUsername('star'))?.id).toBe(43);
        expect((await ctx.membership.get(42))?.username).toBeNull();
      });

      it('a username that moved to another member is no longer the old one’s', async () => {
        await ctx.membership.register({ id: 42, username: 'star' });
        ctx.clock.advance(1000);
        await ctx.membership.register({ id: 43, username: 'STAR' });
        expect((await ctx.membership.findByUsername('star'))?.id).toBe(43);
        expect((await ctx.membership.get(42))?.username).toBeNull();
      });

      it('refuses bad input and writes nothing', async () => {
        await refusal(ctx.membership.register({ id: 0 }), 'INVALID_INPUT');
        await refusal(ctx.membership.register({ id: 1.5 }), 'INVALID_INPUT');
        await refusal(ctx.membership.register({ id: 5, username: 'two words' }), 'INVALID_INPUT');
        await refusal(ctx.membership.register({ id: 5, firstName: '' }), 'INVALID_INPUT');
        await refusal(ctx.membership.register({ id: 5, language: 'español!' }), 'INVALID_INPUT');
        expect(await countRows(ctx.storage, 'members')).toBe(0);
      });

      it('shows a configured admin as ADMIN whatever is stored', async () => {
        const view = await ctx.membership.register({ id: CONFIGURED_ADMIN, firstName: 'Boss' });
        expect(view).toMatchObject({ role: 'ADMIN', storedRole: 'FREE' });
      });
    });

    describe('grantVip', () => {
      it('starts VIP at now + days for a FREE member, audited in role_changes', async () => {
        await ctx.membership.register({ id: 42 });
        const r = await ctx.membership.grantVip({ memberId: 42, days: 30, by: 'shop', reason: 'bought 30 VIP days' });
        expect(r.member).toMatchObject({ role: 'VIP', storedRole: 'VIP', vipExpiresAt: new Date(START + 30 * DAY) });
        expect(r.change).toEqual({
          id: expect.any(Number),
          memberId: 42,
          from: 'FREE',
          to: 'VIP',
          vipExpiresAt: new Date(START + 30 * DAY),
          changedBy: 'shop',
          reason: 'bought 30 VIP days',
          changedAt: new Date(START),
        });
        expect(await roleChangeRows(ctx.storage)).toEqual([
          { member: 42, from: 'FREE', to: 'VIP', vipExpiresAt: START + 30 * DAY, by: 'shop', reason: 'bought 30 VIP days', at: START },
        ]);
      });

      it('extends an active VIP from its expiry: expiry + 30 days', async () => {
        await ctx.membership.grantVip({ memberId: 42, days: 30, by: 'shop' });
        ctx.clock.advance(10 * DAY);
        const r = await ctx.membership.grantVip({ memberId: 42, days: 30, by: 'reward:7' });
        expect(r.member.vipExpiresAt).toEqual(new Date(START + 60 * DAY));
        expect(r.change).toMatchObject({ from: 'VIP', to: 'VIP', changedBy: 'reward:7' });
      });

      it('restarts an expired VIP from now, even before the job turned it FREE', async () => {
        await ctx.membership.grantVip({ memberId: 42, days: 30, by: 'shop' });
        const now = START + 45 * DAY;
        ctx.clock.set(now);
        expect(await memberRow(ctx.storage, 42)).toEqual({ role: 'VIP', vipExpiresAt: START + 30 * DAY, reminders: 0 });
        expect((await ctx.membership.get(42))?.role).toBe('FREE');
        const r = await ctx.membership.grantVip({ memberId: 42, days: 30, by: 'shop' });
        expect(r.member.vipExpiresAt).toEqual(new Date(now + 30 * DAY));
        expect(r.change).toMatchObject({ from: 'FREE', to: 'VIP' });
      });

      it('extends at the exact instant of expiry from that instant (max(now, expiry) with now = expiry)', async () => {
        await ctx.membership.grantVip({ memberId: 42, days: 1, by: 'shop' });
        ctx.clock.set(START + DAY);
        const r = await ctx.membership.grantVip({ memberId: 42, days: 2, by: 'shop' });
        expect(r.member.vipExpiresAt).toEqual(new Date(START + 3 * DAY));
      });

      it('keeps ADMIN as ADMIN (stored or configured) and still records the days', async () => {
        await insertMember(ctx.storage, 50, { role: 'ADMIN' });
        const stored = await ctx.membership.grantVip({ memberId: 50, days: 10, by: 'shop' });
        expect(stored.member).toMatchObject({ role: 'ADMIN', storedRole: 'ADMIN', vipExpiresAt: new Date(START + 10 * DAY) });
        expect(stored.change).toMatchObject({ from: 'ADMIN', to: 'ADMIN' });
        const configured = await ctx.membership.grantVip({ memberId: CONFIGURED_ADMIN, days: 5, by: 'shop' });
        expect(configured.member).toMatchObject({ role: 'ADMIN', storedRole: 'VIP', vipExpiresAt: new Date(START + 5 * DAY) });
      });

      it('creates the member row for an id never seen', async () => {
        const r = await ctx.membership.grantVip({ memberId: 77, days: 7, by: 'cli' });
        expect(r.member).toMatchObject({ id: 77, role: 'VIP', username: null, createdAt: new Date(START) });
      });

      it('refuses days outside 1..3650 and fractions; nothing changes', async () => {
        await ctx.membership.grantVip({ memberId: 42, days: 30, by: 'shop' });
        for (const days of [0, -1, 3651, 1.5, Number.NaN, '30' as unknown as number]) {
          const err = await refusal(ctx.membership.grantVip({ memberId: 42, days, by: 'shop' }), 'INVALID_INPUT');
          expect(err.details).toMatchObject({ field: 'days', min: 1, max: 3650 });
        }
        await refusal(ctx.membership.grantVip({ memberId: 42, days: 1 }), 'INVALID_INPUT'); // no `by`
        expect(await memberRow(ctx.storage, 42)).toEqual({ role: 'VIP', vipExpiresAt: START + 30 * DAY, reminders: 0 });
        expect(await countRows(ctx.storage, 'role_changes')).toBe(1);
        // The bounds themselves are accepted.
        await ctx.membership.grantVip({ memberId: 43, days: 1, by: 'shop' });
        expect((await ctx.membership.grantVip({ memberId: 44, days: 3650, by: 'shop' })).member.vipExpiresAt).toEqual(new Date(START + 3650 * DAY));
      });

      it('with an adminId: checked every time (FORBIDDEN), recorded as admin:<id>', async () => {
        await insertMember(ctx.storage, 5);
        const err = await refusal(ctx.membership.grantVip({ memberId: 42, days: 3, adminId: 5 }), 'FORBIDDEN');
        expect(err.details).toEqual({ adminId: 5 });
        expect(await countRows(ctx.storage, 'role_changes')).toBe(0);
        const r = await ctx.membership.grantVip({ memberId: 42, days: 3, adminId: CONFIGURED_ADMIN, reason: 'contest' });
        expect(r.change).toMatchObject({ changedBy: `admin:${CONFIGURED_ADMIN}`, reason: 'contest' });
      });

      it('grantVipIn commits with the caller’s transaction or not at all; the caller announces', async () => {
        await expect(
          writeTransaction(ctx.storage, async (trx) => {
            await new VipGrants(ctx.ctx).grantVipIn(trx, { memberId: 42, days: 3, by: 'shop' });
            throw new Error('purchase failed');
          }),
        ).rejects.toThrow('purchase failed');
        expect([await countRows(ctx.storage, 'members'), await countRows(ctx.storage, 'role_changes')]).toEqual([0, 0]);
        const grants = new VipGrants(ctx.ctx);
        const r = await writeTransaction(ctx.storage, (trx) => grants.grantVipIn(trx, { memberId: 42, days: 3, by: 'shop' }));
        expect(r.member).toMatchObject({ role: 'VIP', vip_expires_at: START + 3 * DAY });
        expect(ctx.seenOf('role.changed')).toEqual([]);
        await grants.announce([r.change]);
        expect(ctx.seenOf('role.changed')).toMatchObject([{ memberId: 42, from: 'FREE', to: 'VIP', changedBy: 'shop' }]);
      });

      it('concurrent extensions all count: 20 grants of 1 day give exactly 20 days', async () => {
        await ctx.membership.register({ id: 42 });
        await Promise.all(Array.from({ length: 20 }, () => ctx.membership.grantVip({ memberId: 42, days: 1, by: 'shop' })));
        expect(await memberRow(ctx.storage, 42)).toMatchObject({ role: 'VIP', vipExpiresAt: START + 20 * DAY });
        const rows = await roleChangeRows(ctx.storage, 42);
        expect(rows.map((r) => r.vipExpiresAt)).toEqual(Array.from({ length: 20 }, (_, i) => START + (i + 1) * DAY));
        expect(rows.map((r) => r.from)).toEqual(['FREE', ...Array.from({ length: 19 }, () => 'VIP')]);
      });
    });

    describe('setRole', () => {
      it('is refused (FORBIDDEN) for non-admins, checked on every call; nothing changes', async () => {
        await insertMember(ctx.storage, 5); // FREE
        await insertMember(ctx.storage, 6, { role: 'ADMIN' }); // stored ADMIN
        await insertMember(ctx.storage, 42);
        await refusal(ctx.membership.setRole({ memberId: 42, role: 'VIP', days: 30, adminId: 5 }), 'FORBIDDEN');
        await refusal(ctx.membership.setRole({ memberId: 42, role: 'ADMIN', adminId: 999 }), 'FORBIDDEN'); // never seen
        expect(await countRows(ctx.storage, 'role_changes')).toBe(0);
        expect(await memberRow(ctx.storage, 42)).toEqual({ role: 'FREE', vipExpiresAt: null, reminders: 0 });

        // The stored ADMIN may, until a configured admin takes the role away.
        await ctx.membership.setRole({ memberId: 42, role: 'VIP', days: 30, adminId: 6, reason: 'winner' });
        await ctx.membership.setRole({ memberId: 6, role: 'FREE', adminId: CONFIGURED_ADMIN, reason: 'stepped down' });
        await refusal(ctx.membership.setRole({ memberId: 42, role: 'FREE', adminId: 6 }), 'FORBIDDEN');
        expect(await roleChangeRows(ctx.storage)).toEqual([
          { member: 42, from: 'FREE', to: 'VIP', vipExpiresAt: START + 30 * DAY, by: 'admin:6', reason: 'winner', at: START },
          { member: 6, from: 'ADMIN', to: 'FREE', vipExpiresAt: null, by: `admin:${CONFIGURED_ADMIN}`, reason: 'stepped down', at: START },
        ]);
      });

      it('VIP extends from max(now, expiry); ADMIN keeps the expiry; FREE clears it', async () => {
        const a = CONFIGURED_ADMIN;
        await ctx.membership.setRole({ memberId: 42, role: 'VIP', days: 10, adminId: a });
        ctx.clock.advance(DAY);
        const vip = await ctx.membership.setRole({ memberId: 42, role: 'VIP', days: 5, adminId: a });
        expect(vip.member.vipExpiresAt).toEqual(new Date(START + 15 * DAY));
        const admin = await ctx.membership.setRole({ memberId: 42, role: 'ADMIN', adminId: a });
        expect(admin.member).toMatchObject({ role: 'ADMIN', storedRole: 'ADMIN', vipExpiresAt: new Date(START + 15 * DAY) });
        expect(admin.change).toMatchObject({ from: 'VIP', to: 'ADMIN' });
        // An explicit VIP demotes a stored ADMIN (grantVip would not).
        const demoted = await ctx.membership.setRole({ memberId: 42, role: 'VIP', days: 1, adminId: a });
        expect(demoted.member).toMatchObject({ role: 'VIP', storedRole: 'VIP', vipExpiresAt: new Date(START + 16 * DAY) });
        const free = await ctx.membership.setRole({ memberId: 42, role: 'FREE', adminId: a, reason: 'refund' });
        expect(free.member).toMatchObject({ role: 'FREE', storedRole: 'FREE', vipExpiresAt: null });
        expect(free.change).toMatchObject({ from: 'VIP', to: 'FREE', vipExpiresAt: null, reason: 'refund' });
        // FREE on a FREE member: nothing changes, nothing is audited, nothing is announced.
        const before = ctx.seenOf('role.changed').length;
        const again = await ctx.membership.setRole({ memberId: 42, role: 'FREE', adminId: a });
        expect(again.change).toBeNull();
        expect(ctx.seenOf('role.changed')).toHaveLength(before);
        expect(await countRows(ctx.storage, 'role_changes')).toBe(5);
      });

      it('refuses a missing or unneeded days and unknown roles', async () => {
        const a = CONFIGURED_ADMIN;
        expect((await refusal(ctx.membership.setRole({ memberId: 42, role: 'VIP', adminId: a }), 'INVALID_INPUT')).details).toEqual({ field: 'days' });
        expect((await refusal(ctx.membership.setRole({ memberId: 42, role: 'FREE', days: 3, adminId: a }), 'INVALID_INPUT')).details).toEqual({ field: 'days' });
        expect((await refusal(ctx.membership.setRole({ memberId: 42, role: 'KING' as 'VIP', adminId: a }), 'INVALID_INPUT')).details).toEqual({ field: 'role' });
        await refusal(ctx.membership.setRole({ memberId: 42, role: 'VIP', days: 0, adminId: a }), 'INVALID_INPUT');
        expect([await countRows(ctx.storage, 'members'), await countRows(ctx.storage, 'role_changes')]).toEqual([0, 0]);
      });
    });

    it('roleChanges lists the history newest first, in pages', async () => {
      await ctx.membership.grantVip({ memberId: 42, days: 1, by: 'shop' });
      ctx.clock.advance(1000);
      await ctx.membership.grantVip({ memberId: 42, days: 2, by: 'shop' });
      ctx.clock.advance(1000);
      await ctx.membership.setRole({ memberId: 42, role: 'FREE', adminId: CONFIGURED_ADMIN });
      await ctx.membership.grantVip({ memberId: 43, days: 2, by: 'shop' });
      const all = await ctx.membership.roleChanges(42);
      expect(all.map((c) => [c.from, c.to, c.changedAt.getTime()])).toEqual([
        ['VIP', 'FREE', START + 2000],
        ['VIP', 'VIP', START + 1000],
        ['FREE', 'VIP', START],
      ]);
      const page = await ctx.membership.roleChanges(42, { limit: 2 });
      expect(page.map((c) => c.id)).toEqual(all.slice(0, 2).map((c) => c.id));
      const next = await ctx.membership.roleChanges(42, { limit: 2, beforeId: page[1]!.id });
      expect(next.map((c) => c.id)).toEqual([all[2]!.id]);
      await refusal(ctx.membership.roleChanges(42, { limit: 101 }), 'INVALID_INPUT');
    });

    it('setReminders opts in and out (creating the member when new)', async () => {
      expect((await ctx.membership.setReminders(42, true)).reminders).toBe(true);
      expect(await memberRow(ctx.storage, 42)).toMatchObject({ reminders: 1 });
      await ctx.membership.register({ id: 42, firstName: 'Ana' });
      expect((await ctx.membership.get(42))?.reminders).toBe(true);
      expect((await ctx.membership.setReminders(42, false)).reminders).toBe(false);
      await refusal(ctx.membership.setReminders(42, 'yes' as unknown as boolean), 'INVALID_INPUT');
      expect(await memberRow(ctx.storage, 42)).toMatchObject({ reminders: 0 });
    });

    describe('events', () => {
      it('role.changed goes out after the commit, once per change; refusals say nothing', async () => {
        const seenInListener: Array<string | undefined> = [];
        ctx.events.on('role.changed', async (e) => {
          // The listener reads the committed row (on SQLite a read inside the open
          // transaction would wait for it forever).
          seenInListener.push((await ctx.membership.get(e.memberId))?.role);
        });
        await ctx.membership.grantVip({ memberId: 42, days: 3, by: 'shop', reason: 'pack' });
        await refusal(ctx.membership.grantVip({ memberId: 42, days: 0, by: 'shop' }), 'INVALID_INPUT');
        await refusal(ctx.membership.setRole({ memberId: 42, role: 'FREE', adminId: 5 }), 'FORBIDDEN');
        expect(ctx.seenOf('role.changed')).toEqual([
          { memberId: 42, from: 'FREE', to: 'VIP', vipExpiresAt: START + 3 * DAY, changedBy: 'shop', reason: 'pack', at: START },
        ]);
        expect(seenInListener).toEqual(['VIP']);
      });
    });

    describe('expireVips', () => {
      it('turns a VIP FREE exactly at the expiry instant, audited by job, once', async () => {
        await ctx.membership.grantVip({ memberId: 42, days: 1, by: 'shop' });
        await ctx.membership.grantVip({ memberId: 43, days: 2, by: 'shop' });
        const expiry = START + DAY;

        ctx.clock.set(expiry - 1);
        expect((await ctx.membership.get(42))?.role).toBe('VIP');
        expect(await ctx.membership.expireVips()).toEqual([]);

        ctx.clock.set(expiry);
        // Effective at once, job or no job.
        expect((await ctx.membership.get(42))?.role).toBe('FREE');
        const seenBefore = ctx.seen.length;
        const changes = await ctx.membership.expireVips();
        expect(changes).toEqual([
          {
            id: expect.any(Number),
            memberId: 42,
            from: 'VIP',
            to: 'FREE',
            vipExpiresAt: new Date(expiry),
            changedBy: 'job',
            reason: 'VIP membership ended',
            changedAt: new Date(expiry),
          },
        ]);
        expect(ctx.seen.slice(seenBefore)).toEqual([
          {
            name: 'role.changed',
            event: { memberId: 42, from: 'VIP', to: 'FREE', vipExpiresAt: expiry, changedBy: 'job', reason: 'VIP membership ended', at: expiry },
          },
        ]);
        // The expiry stays readable; the stored role is FREE; 43 is still VIP.
        expect(await memberRow(ctx.storage, 42)).toEqual({ role: 'FREE', vipExpiresAt: expiry, reminders: 0 });
        expect(await memberRow(ctx.storage, 43)).toMatchObject({ role: 'VIP' });
        // Idempotent.
        expect(await ctx.membership.expireVips()).toEqual([]);
        expect(await countRows(ctx.storage, 'role_changes')).toBe(3);
      });

      it('leaves ADMIN rows alone and keeps a configured admin ADMIN in the audit', async () => {
        await insertMember(ctx.storage, 50, { role: 'ADMIN', vipExpiresAt: START - 1 });
        await insertMember(ctx.storage, CONFIGURED_ADMIN, { role: 'VIP', vipExpiresAt: START - 1 });
        const changes = await ctx.membership.expireVips();
        expect(changes.map((c) => [c.memberId, c.from, c.to])).toEqual([[CONFIGURED_ADMIN, 'ADMIN', 'ADMIN']]);
        expect(await memberRow(ctx.storage, 50)).toMatchObject({ role: 'ADMIN' });
        expect(await memberRow(ctx.storage, CONFIGURED_ADMIN)).toMatchObject({ role: 'FREE' });
      });
    });

    describe('bot facts: chosen language and blocked', () => {
      it('keeps the chosen language apart from Telegram\'s, which register keeps refreshing', async () => {
        await ctx.membership.register({ id: 77, firstName: 'Lu', language: 'es' });
        expect(await ctx.membership.setLocale(77, 'en')).toMatchObject({ locale: 'en', language: 'es' });
        await ctx.membership.register({ id: 77, language: 'pt' });
        expect(await ctx.membership.get(77)).toMatchObject({ locale: 'en', language: 'pt' });
        expect(await ctx.membership.setLocale(77, null)).toMatchObject({ locale: null });
        await expect(ctx.membership.setLocale(77, 'not a language!')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        expect((await ctx.membership.get(77))?.locale).toBeNull();
      });

      it('marks and clears a member who blocked the bot, creating the member when new', async () => {
        const marked = await ctx.membership.setBlocked(78, true);
        expect(marked.blockedAt).toEqual(new Date(START));
        expect((await ctx.membership.setBlocked(78, false)).blockedAt).toBeNull();
        await expect(ctx.membership.setBlocked(78, 'yes' as unknown as boolean)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      });

      it('is reachable only with a private chat and no block: met elsewhere, opened, blocked, unblocked', async () => {
        // Met under a channel post: names known, but the bot may not write first.
        expect(await ctx.membership.register({ id: 79, firstName: 'Bea', username: 'bea_es' })).toMatchObject({ privateChatAt: null, reachable: false });
        ctx.clock.advance(1000);
        const opened = await ctx.membership.register({ id: 79, privateChat: true });
        expect(opened).toMatchObject({ firstName: 'Bea', privateChatAt: new Date(START + 1000), reachable: true });
        expect(await ctx.membership.setPrivateChat(79, false)).toMatchObject({ privateChatAt: new Date(START + 1000), reachable: false });
        expect((await ctx.membership.get(79))?.blockedAt).toBeInstanceOf(Date);
        ctx.clock.advance(1000);
        expect(await ctx.membership.setPrivateChat(79, true)).toMatchObject({ blockedAt: null, privateChatAt: new Date(START + 2000), reachable: true });
        // A later meeting elsewhere leaves the chat as it was.
        expect(await ctx.membership.register({ id: 79, firstName: 'Bea' })).toMatchObject({ reachable: true });
        // A 403 still marks the member.
        expect(await ctx.membership.setBlocked(79, true)).toMatchObject({ reachable: false });
        expect(await ctx.membership.register({ id: 79, privateChat: true })).toMatchObject({ blockedAt: null, reachable: true });
      });
    });

    it('leaves the ledger invariants intact', async () => {
      await ctx.membership.grantVip({ memberId: 42, days: 3, by: 'shop' });
      await ctx.membership.setRole({ memberId: 42, role: 'FREE', adminId: CONFIGURED_ADMIN });
      expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
    });
  });
}
