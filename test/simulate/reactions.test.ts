import { describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN, useSimulation } from './simulate-fixture.js';

const FREE = -1001;
const VIP = -1002;
const at = (hhmmss: string, date = '2025-03-01') => `${date}T${hhmmss}Z`;

for (const dialect of testDialects()) {
  describe(`simulate reactions (${dialect.name})`, () => {
    const sim = useSimulation(dialect);

    it('channels, posts, presses in the order of the checks, counts and status, verify ok', async () => {
      const { outcomes, summary } = await sim.run(
        [
          { at: at('08:00:00'), op: 'add_channel', channel: FREE, kind: 'FREE', title: 'Besitos' },
          { op: 'add_channel', channel: VIP, kind: 'VIP' },
          { op: 'publish_post', channel: FREE, post: 10 },
          { op: 'publish_post', channel: FREE, post: 11 },
          { op: 'publish_post', channel: VIP, post: 1 },
          { op: 'publish_post', channel: FREE, post: 10 }, // seen again: idempotent
          { at: at('09:00:00'), op: 'react', member: 101, channel: FREE, post: 10, emoji: '🔥' },
          { at: at('09:00:12.400'), op: 'react', member: 101, channel: FREE, post: 10, emoji: '🔥' },
          { at: at('09:00:30'), op: 'react', member: 101, channel: FREE, post: 10, emoji: '❤️' },
          { op: 'react', member: 101, channel: VIP, post: 1, emoji: '❤️' },
          { op: 'react', member: ADMIN, channel: VIP, post: 1, emoji: '😈' },
          { op: 'react', member: 202, channel: FREE, post: 10, emoji: '❤️' },
          { op: 'set_setting', key: 'reactions.amount', value: 7 },
          { op: 'react', member: 101, channel: FREE, post: 11, emoji: '💋' },
          { op: 'react', member: 101, channel: FREE, post: 10, emoji: '💋' }, // cooldown before one-per-post
          { op: 'react', member: 101, channel: FREE, post: 11, emoji: '👍' },
          { op: 'react', member: 101, channel: FREE, post: '11', emoji: '💋' },
          { op: 'react', member: 101, channel: FREE, post: 11 },
          { op: 'publish_post', channel: -1999, post: 1 },
          { op: 'add_channel', channel: -1003, kind: 'PAID' },
          { op: 'reaction_counts', channel: FREE, post: 10 },
          { op: 'reaction_status', member: 101 },
          { op: 'profile', member: 101 },
          { op: 'verify' },
        ],
      );
      expect(outcomes[0]).toEqual({ ok: true, result: { id: FREE, kind: 'FREE', title: 'Besitos' } });
      expect(outcomes[1]).toEqual({ ok: true, result: { id: VIP, kind: 'VIP', title: null } });
      expect(outcomes[2]).toEqual({ ok: true, result: { channelId: FREE, messageId: 10, kind: 'FREE', created: true } });
      expect(outcomes[5]).toEqual({ ok: true, result: { channelId: FREE, messageId: 10, kind: 'FREE', created: false } });
      expect(outcomes[6]).toEqual({
        ok: true,
        result: { amount: 5, used: 1, limit: 20, streak: 1, transactionId: 1, balance: 5 },
      });
      expect(outcomes[7]).toEqual({ ok: false, error: { code: 'COOLDOWN', message: 'wait 18 s before the next reaction', secondsLeft: 18 } });
      expect(outcomes[8].error).toEqual({
        code: 'ALREADY_REACTED',
        message: `member 101 already reacted to post 10 of ${FREE}`,
        channelId: FREE,
        messageId: 10,
      });
      expect(outcomes[9].error).toMatchObject({ code: 'NO_ACCESS', reason: 'VIP_ONLY', channelId: VIP, messageId: 1 });
      expect(outcomes[10].result).toMatchObject({ amount: 5, used: 1 });
      expect(outcomes[11].result).toMatchObject({ amount: 5, balance: 5 });
      // 09:00:30 — the refusals at 09:00:12.4 and 09:00:30 did not restart the cooldown.
      // 5 + the seeded "first reaction" reward (+10, granted after the first press) + 7.
      expect(outcomes[13].result).toMatchObject({ amount: 7, used: 2, balance: 22 });
      expect(outcomes[14].error).toMatchObject({ code: 'COOLDOWN', secondsLeft: 30 });
      expect(outcomes[15].error).toMatchObject({ code: 'NO_ACCESS', reason: 'UNKNOWN_EMOJI', emoji: '👍' });
      expect(outcomes[16].error).toMatchObject({ code: 'INVALID_INPUT', field: 'post' });
      expect(outcomes[17].error).toMatchObject({ code: 'INVALID_INPUT', field: 'emoji' });
      expect(outcomes[18].error).toMatchObject({ code: 'NOT_FOUND', channelId: -1999 });
      expect(outcomes[19].error).toMatchObject({ code: 'INVALID_INPUT', field: 'kind' });
      expect(outcomes[20]).toEqual({ ok: true, result: { '❤️': 1, '🔥': 1, '💋': 0, '😈': 0 } });
      expect(outcomes[21]).toEqual({
        ok: true,
        result: { memberId: 101, used: 2, limit: 20, streak: { current: 1, longest: 1, lastDay: 20148, total: 2 } },
      });
      expect(outcomes[22].result).toMatchObject({ balance: 22, totalEarned: 22 });
      // 4 reaction credits and 3 first-reaction rewards (one per member who reacted).
      expect(outcomes[23]).toEqual({ ok: true, result: { ok: true, members: 3, transactions: 7, violations: [] } });
      expect(summary).toEqual({ operations: 24, ok: 15, failed: 9 });
    });

    it('the daily limit resets at the economy day of the configured zone', async () => {
      const lines: Array<Record<string, unknown>> = [
        { at: at('20:00:00'), op: 'set_setting', key: 'economy.timezone', value: 'Europe/Madrid' },
        { op: 'set_setting', key: 'reactions.daily_limit', value: 2 },
        { op: 'add_channel', channel: FREE, kind: 'FREE' },
      ];
      for (let post = 1; post <= 4; post++) lines.push({ op: 'publish_post', channel: FREE, post });
      lines.push(
        { at: at('22:00:00'), op: 'react', member: 5, channel: FREE, post: 1, emoji: '❤️' },
        { at: at('22:30:00'), op: 'react', member: 5, channel: FREE, post: 2, emoji: '❤️' },
        { at: at('22:59:59'), op: 'react', member: 5, channel: FREE, post: 3, emoji: '❤️' },
        { at: at('23:00:00'), op: 'react', member: 5, channel: FREE, post: 3, emoji: '❤️' },
      );
      const { outcomes } = await sim.run(lines);
      const presses = outcomes.slice(-4);
      expect(presses[0].result.used).toBe(1);
      expect(presses[1].result.used).toBe(2);
      expect(presses[2].error).toEqual({
        code: 'DAILY_LIMIT',
        message: '2/2 reactions today: the limit is reached',
        used: 2,
        limit: 2,
        resetsAt: Date.parse('2025-03-01T23:00:00Z'),
      });
      expect(presses[3].result).toMatchObject({ used: 1, limit: 2, streak: 2 });
    });
  });
}
