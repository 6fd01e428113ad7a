import { defaultRegistry } from '../../src/simulate/operations/index.js';
import { describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN, useSimulation } from './simulate-fixture.js';

const at = (hhmm: string) => `2025-03-01T${hhmm}:00Z`;

for (const dialect of testDialects()) {
  describe(`simulate scenarios (${dialect.name})`, () => {
    const sim = useSimulation(dialect);

    it('a day of credits, spends and refunds: exact balances, idempotent repeats, verify ok', async () => {
      const alice = 101;
      const bob = 202;
      const { outcomes, summary } = await sim.run([
        { at: at('08:00'), op: 'credit', member: alice, amount: 500, type: 'EARN_DAILY', reason: 'daily gift', key: 'daily:101:2025-03-01' },
        { at: at('08:05'), op: 'credit', member: bob, amount: 300, reason: 'welcome' },
        { at: at('09:00'), op: 'credit', member: alice, amount: 5, type: 'EARN_REACTION', metadata: { channel: -100, post: 7, emoji: '🔥' } },
        { at: at('10:00'), op: 'spend', member: alice, amount: 120, reason: 'content pack', key: 'order-1' },
        { at: at('10:30'), op: 'spend', member: bob, amount: 50 },
        { at: at('11:00'), op: 'refund', member: alice, transaction: 4, reason: 'delivery failed' },
        // Telegram redelivers, people double-tap: the same keys again move nothing.
        { at: at('12:00'), op: 'credit', member: alice, amount: 500, type: 'EARN_DAILY', reason: 'daily gift', key: 'daily:101:2025-03-01' },
        { op: 'spend', member: alice, amount: 120, reason: 'content pack', key: 'order-1' },
        { at: at('13:00'), op: 'debit', member: bob, amount: 100, reason: 'penalty' },
        { at: at('14:00'), op: 'spend', member: bob, amount: 500 },
        { op: 'spend', member: 303, amount: 1 },
        { at: at('15:00'), op: 'credit', member: bob, amount: 10, admin: ADMIN, reason: 'helped a member' },
        { op: 'credit', member: bob, amount: 10, admin: 9, reason: 'not an admin' },
        { op: 'debit', member: bob, amount: 1, admin: 9, reason: 'not an admin' },
        { at: at('18:00'), op: 'profile', member: alice },
        { op: 'profile', member: bob },
        { op: 'history', member: alice, types: ['SPEND_SHOP', 'REFUND_SHOP'] },
        { op: 'history', member: alice, from: at('09:00'), to: at('10:30') },
        { op: 'verify' },
      ]);
      expect(summary).toEqual({ operations: 19, ok: 15, failed: 4 });
      const [dailyA, welcomeB, reactionA, spendA, spendB, refundA, dailyAgain, spendAgain] = outcomes;

      expect(dailyA).toEqual({
        ok: true,
        result: {
          transaction: {
            id: 1,
            memberId: alice,
            amount: 500,
            type: 'EARN_DAILY',
            reason: 'daily gift',
            metadata: { by: 'simulate' },
            idempotencyKey: 'daily:101:2025-03-01',
            balanceAfter: 500,
            createdAt: '2025-03-01T08:00:00.000Z',
          },
          balances: { balance: 500, totalEarned: 500, totalSpent: 0, level: 3 },
          replayed: false,
          levelChange: { from: 1, to: 3 },
        },
      });
      expect(welcomeB.result.balances).toEqual({ balance: 300, totalEarned: 300, totalSpent: 0, level: 2 });
      expect(welcomeB.result.transaction.type).toBe('EARN_ADMIN');
      expect(reactionA.result.transaction.metadata).toEqual({ channel: -100, post: 7, emoji: '🔥', by: 'simulate' });
      expect(reactionA.result.balances.balance).toBe(505);
      expect(spendA.result.transaction).toMatchObject({ id: 4, amount: -120, type: 'SPEND_SHOP', balanceAfter: 385 });
      expect(spendB.result.balances).toEqual({ balance: 250, totalEarned: 300, totalSpent: 50, level: 2 });
      expect(refundA.result.transaction).toMatchObject({ amount: 120, type: 'REFUND_SHOP', metadata: { refund_of: 4 }, createdAt: '2025-03-01T11:00:00.000Z' });
      expect(refundA.result.balances).toEqual({ balance: 505, totalEarned: 505, totalSpent: 0, level: 3 });

      expect(dailyAgain.result).toMatchObject({ replayed: true, transaction: { id: 1, createdAt: '2025-03-01T08:00:00.000Z' } });
      expect(dailyAgain.result.balances.balance).toBe(505);
      expect(spendAgain.result).toMatchObject({ replayed: true, transaction: { id: 4 } });

      const [debitB, tooMuch, stranger, adminCredit, notAdmin, notAdminDebit, profileA, profileB, shopHistory, timeHistory, verify] =
        outcomes.slice(8);
      expect(debitB.result.transaction).toMatchObject({ type: 'SPEND_ADMIN', amount: -100, reason: 'penalty', metadata: { by: 'simulate' } });
      expect(debitB.result.balances.balance).toBe(150);
      expect(tooMuch).toEqual({
        ok: false,
        error: { code: 'INSUFFICIENT_FUNDS', message: 'not enough besitos: balance 150, asked 500', balance: 150, amount: 500 },
      });
      expect(stranger.error).toMatchObject({ code: 'UNKNOWN_MEMBER', memberId: 303 });
      expect(adminCredit.result.transaction).toMatchObject({ type: 'EARN_ADMIN', metadata: { admin_id: ADMIN }, reason: 'helped a member' });
      expect(notAdmin.error).toMatchObject({ code: 'FORBIDDEN', adminId: 9 });
      expect(notAdminDebit.error.code).toBe('FORBIDDEN');

      expect(profileA.result).toMatchObject({ memberId: alice, exists: true, balance: 505, totalEarned: 505, totalSpent: 0, level: 3 });
      expect(profileA.result.progress).toMatchObject({ nextLevel: 4, nextLevelAt: 900, missing: 395 });
      expect(profileB.result).toMatchObject({ balance: 160, totalEarned: 310, totalSpent: 150, level: 2 });
      expect(shopHistory.result.total).toBe(2);
      expect(shopHistory.result.items.map((t: { type: string }) => t.type)).toEqual(['REFUND_SHOP', 'SPEND_SHOP']);
      expect(timeHistory.result.items.map((t: { id: number }) => t.id)).toEqual([4, 3]);
      expect(verify).toEqual({ ok: true, result: { ok: true, members: 2, transactions: 8, violations: [] } });
      // The economy agrees with what the outcomes said.
      expect(await sim.economy.ledger.balance(alice)).toBe(505);
      expect(await sim.economy.ledger.balance(bob)).toBe(160);
    });

    // On PostgreSQL the guarded fast path fails here and the slow path must look the key up
    // before refusing (it once answered INSUFFICIENT_FUNDS / NOT_REFUNDABLE instead).
    it(
      'a repeat is a replay even when the movement could no longer be made (SPEC §1 idempotency)',
      async () => {
        const { outcomes } = await sim.run([
          { at: at('09:00'), op: 'credit', member: 1, amount: 100 },
          { op: 'spend', member: 1, amount: 100, key: 'tap' },
          { op: 'spend', member: 1, amount: 100, key: 'tap' }, // the double tap, balance now 0
          { op: 'refund', member: 1, transaction: 2 },
          { op: 'refund', member: 1, transaction: 2 }, // total_spent now 0
          { op: 'profile', member: 1 },
        ]);
        expect(outcomes[2].result).toMatchObject({ replayed: true, transaction: { id: 2 } });
        expect(outcomes[4].result).toMatchObject({ replayed: true, transaction: { id: outcomes[3].result.transaction.id } });
        expect(outcomes[5].result).toMatchObject({ balance: 100, totalSpent: 0 });
      },
    );

    it('a reason or key with NUL or a lone surrogate is INVALID_INPUT and the stream goes on (it died on PostgreSQL) (issue 11)', async () => {
      const { outcomes, summary } = await sim.run([
        { op: 'credit', member: 1, amount: 5, reason: 'a\u0000b' },
        { op: 'credit', member: 1, amount: 5, key: 'k\u0000' },
        '{"op":"credit","member":1,"amount":5,"reason":"\\ud800"}',
        { op: 'credit', member: 1, amount: 5, key: 'k1' },
        { op: 'credit', member: 1, amount: 6, key: 'k1' },
        { op: 'verify' },
      ]);
      expect(outcomes.slice(0, 3).map((o) => [o.error?.code, o.error?.field])).toEqual([
        ['INVALID_INPUT', 'reason'],
        ['INVALID_INPUT', 'idempotencyKey'],
        ['INVALID_INPUT', 'reason'],
      ]);
      expect(outcomes[4].error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'amount', first: 5, now: 6 });
      expect(summary).toEqual({ operations: 6, ok: 2, failed: 4 });
      expect(await sim.economy.ledger.balance(1)).toBe(5);
    });

    it('time only moves forward: an earlier `at` is refused and changes nothing; a missing one keeps the time', async () => {
      const { outcomes } = await sim.run([
        { at: at('10:00'), op: 'credit', member: 1, amount: 100 },
        { at: at('09:59'), op: 'credit', member: 1, amount: 100 },
        { op: 'credit', member: 1, amount: 1 },
        { at: at('10:00'), op: 'credit', member: 1, amount: 2 },
        { at: 'yesterday', op: 'profile', member: 1 },
        { at: '2025-03-01T10:05', op: 'profile', member: 1 },
        { at: 1740823200000, op: 'profile', member: 1 },
        { at: '2025-03-02', op: 'profile', member: 1 },
      ]);
      expect(outcomes[1]).toEqual({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: 'time only moves forward: 2025-03-01T09:59:00.000Z is before 2025-03-01T10:00:00.000Z',
          field: 'at',
        },
      });
      expect(outcomes[2].result.transaction).toMatchObject({ amount: 1, balanceAfter: 101, createdAt: '2025-03-01T10:00:00.000Z' });
      expect(outcomes[3].ok).toBe(true); // the same instant again is not going back
      for (const refused of outcomes.slice(4, 7)) expect(refused.error).toMatchObject({ code: 'INVALID_INPUT', field: 'at' });
      expect(outcomes[7].result.balance).toBe(103);
      expect(sim.clock.now()).toBe(Date.parse('2025-03-02T00:00:00Z'));
    });

    it('garbage lines are answered INVALID_INPUT and skipped; blank lines get no outcome; the run goes on', async () => {
      const { outcomes, written, summary } = await sim.run([
        '',
        'garbage',
        '   ',
        '[1,2]',
        'null',
        JSON.stringify({ at: at('08:00'), member: 1 }),
        JSON.stringify({ op: 'fly' }),
        // A refused line does not move the clock, even with a later `at`.
        JSON.stringify({ at: '2030-01-01T00:00:00Z', op: 'credit', member: 1, ammount: 5 }),
        JSON.stringify({ op: 'credit', member: 'x', amount: 5 }),
        JSON.stringify({ op: 'credit', member: 1, amount: '5' }),
        JSON.stringify({ op: 'credit', member: 1, amount: 0 }),
        JSON.stringify({ op: 'credit', member: 1, amount: 5, type: 'SPEND_SHOP' }),
        JSON.stringify({ op: 'history', member: 1, types: ['NOPE'] }),
        JSON.stringify({ op: 'refund', member: 1, transaction: -1 }),
        JSON.stringify({ op: 'debit', member: 1, amount: 5 }),
        JSON.stringify({ op: 'verify', extra: true }),
        JSON.stringify({ at: at('09:00'), op: 'credit', member: 1, amount: 5 }),
        '{"op":"profile","member":1}\r',
      ]);
      expect(written).toHaveLength(16);
      expect(summary).toEqual({ operations: 16, ok: 2, failed: 14 });
      const errors = outcomes.slice(0, 14).map((o) => o.error);
      expect(errors[0]).toMatchObject({ code: 'INVALID_INPUT', line: 2 });
      expect(errors[0].message).toMatch(/^line 2 is not JSON: /);
      expect(errors[1]).toMatchObject({ code: 'INVALID_INPUT', line: 4 });
      expect(errors[2]).toMatchObject({ code: 'INVALID_INPUT', line: 5 });
      expect(errors[3]).toMatchObject({ code: 'INVALID_INPUT', field: 'op' });
      expect(errors[4]).toMatchObject({ code: 'INVALID_INPUT', field: 'op' });
      expect(errors[4].message).toBe(`unknown op "fly"; known: ${defaultRegistry().names().join(', ')}`);
      expect(errors[5]).toMatchObject({ code: 'INVALID_INPUT', field: 'amount' });
      expect(errors[5].message).toContain('ammount');
      expect(errors[6]).toMatchObject({ code: 'INVALID_INPUT', field: 'member' });
      expect(errors[7]).toMatchObject({ code: 'INVALID_AMOUNT' });
      expect(errors[8]).toMatchObject({ code: 'INVALID_AMOUNT' });
      expect(errors[9]).toMatchObject({ code: 'INVALID_INPUT', field: 'type' });
      expect(errors[10]).toMatchObject({ code: 'INVALID_INPUT', field: 'types.0' });
      expect(errors[11]).toMatchObject({ code: 'INVALID_INPUT', field: 'transaction' });
      expect(errors[12]).toMatchObject({ code: 'INVALID_INPUT', field: 'reason' });
      expect(errors[13]).toMatchObject({ code: 'INVALID_INPUT', field: 'extra' });
      expect(outcomes[14].result.transaction.createdAt).toBe('2025-03-01T09:00:00.000Z');
      expect(outcomes[15].result.balance).toBe(5);
    });

    it('set_setting and set_level_formula change settings and levels, audited, refusals change nothing', async () => {
      const { outcomes } = await sim.run([
        { at: at('09:00'), op: 'credit', member: 1, amount: 1000 },
        { op: 'credit', member: 2, amount: 50 },
        { at: at('10:00'), op: 'set_setting', key: 'levels.formula', value: { kind: 'linear', step: 100 }, by: 'admin:7' },
        { op: 'profile', member: 1 },
        { at: at('11:00'), op: 'set_level_formula', formula: 'exponential' },
        { op: 'profile', member: 1 },
        { op: 'set_level_formula', formula: '1 - total_earned' },
        { op: 'set_level_formula', formula: { kind: 'linear', step: 0 } },
        { op: 'set_setting', key: 'reactions.amount', value: 'lots' },
        { op: 'set_setting', key: 'no.such.key', value: 1 },
        { op: 'set_setting', key: 'daily.base' },
        { at: at('12:00'), op: 'set_setting', key: 'daily.base', value: 30 },
        { op: 'set_setting', key: 'levels.formula', value: 'floor(total_earned / 500) + 1' },
        { op: 'profile', member: 1 },
        { op: 'verify' },
      ]);
      const ok = (i: number) => {
        expect(outcomes[i].ok, JSON.stringify(outcomes[i])).toBe(true);
        return outcomes[i].result;
      };
      expect(ok(0).balances.level).toBe(4); // sqrt: 1000 → 4
      expect(ok(2)).toEqual({
        key: 'levels.formula',
        oldValue: { kind: 'sqrt' },
        newValue: { kind: 'linear', step: 100 },
        changedBy: 'admin:7',
        changedAt: '2025-03-01T10:00:00.000Z',
      });
      expect(ok(3).level).toBe(11);
      const formula = ok(4);
      expect(formula).toMatchObject({ formula: 'exponential (base 100, factor 1.5)', profiles: 1, levelsChanged: 1 });
      expect(formula.change).toMatchObject({ newValue: { kind: 'exponential', base: 100, factor: 1.5 }, changedBy: 'simulate', changedAt: '2025-03-01T11:00:00.000Z' });
      expect(formula.preview.slice(0, 4)).toEqual([
        { level: 1, from: 0 },
        { level: 2, from: 100 },
        { level: 3, from: 250 },
        { level: 4, from: 475 },
      ]);
      expect(ok(5).level).toBe(5);
      expect(outcomes[6].error.code).toBe('INVALID_FORMULA');
      expect(outcomes[7].error.code).toBe('INVALID_FORMULA');
      expect(outcomes[8].error.code).toBe('INVALID_CONFIG');
      expect(outcomes[9].error.code).toBe('INVALID_CONFIG');
      expect(outcomes[10].error).toMatchObject({ code: 'INVALID_INPUT', field: 'value' });
      expect(ok(11)).toMatchObject({ key: 'daily.base', oldValue: 20, newValue: 30, changedBy: 'simulate' });
      expect(ok(12).newValue).toEqual({ kind: 'custom', expression: 'floor(total_earned / 500) + 1' });
      expect(ok(13).level).toBe(3);
      expect(ok(14)).toMatchObject({ ok: true, violations: [] });

      expect(await sim.economy.settings.get('daily.base')).toBe(30);
      const audit = await sim.economy.settings.audit();
      expect(audit.map((e) => [e.key, e.changedBy])).toEqual([
        ['levels.formula', 'simulate'],
        ['daily.base', 'simulate'],
        ['levels.formula', 'simulate'],
        ['levels.formula', 'admin:7'],
      ]);
    });
  });
}
