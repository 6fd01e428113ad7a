/**
 * Messages the bot sends on its own (SPEC §2, §4, §6; issue 5 item 3): a level-up, one
 * message per reward (auto rewards: unlock and grant are one message), the streak
 * reminder to members who opted in, in the member's language; nothing to a member who
 * blocked the bot, and a 403 marks them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { text, user } from '../../src/bot/testing/updates.js';
import { ADMIN_ID, FREE_CHANNEL, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';

describe.each(testDialects())('notifications ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const messagesTo = (chatId: number, since: number) =>
    h.api
      .since(since)
      .filter((c) => c.method === 'sendMessage' && c.payload.chat_id === chatId)
      .map((c) => String(c.payload.text));

  it('tells a member about a level-up and an auto reward, once each', async () => {
    const ana = user(4001, { language_code: 'es' });
    await h.send(text(ana, 'hola'));
    const mark = h.api.mark();
    await h.economy.ledger.credit({ memberId: ana.id, amount: 100 });
    expect(messagesTo(ana.id, mark).sort()).toEqual(
      ['⭐ ¡Subiste al nivel 2!', '🎉 ¡Conseguiste la recompensa «Cien besitos»! insignia 💯 Cien besitos'].sort(),
    );
    // More earnings within the level: nothing new.
    const again = h.api.mark();
    await h.economy.ledger.credit({ memberId: ana.id, amount: 10 });
    expect(messagesTo(ana.id, again)).toEqual([]);
  });

  it('the first reaction reward is one message, in English for an English member', async () => {
    const bob = user(4002, { language_code: 'en' });
    await h.send(text(bob, 'hi'));
    await h.economy.reactions.registerPost(FREE_CHANNEL, 77);
    const mark = h.api.mark();
    await h.economy.reactions.react({ memberId: bob.id, channelId: FREE_CHANNEL, messageId: 77, emoji: '❤️' });
    expect(messagesTo(bob.id, mark)).toEqual(['🎉 You earned the reward “First reaction”! +10 besitos']);
  });

  it('sends nothing to a member who blocked the bot; a 403 marks the member', async () => {
    const cris = user(4003, { language_code: 'es' });
    await h.send(text(cris, 'hola'));
    h.api.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await h.economy.ledger.credit({ memberId: cris.id, amount: 100 }); // level-up: its send gets the 403
    expect((await h.economy.membership.get(cris.id))?.blockedAt).toBeInstanceOf(Date);
    const mark = h.api.mark();
    await h.economy.ledger.credit({ memberId: cris.id, amount: 300 }); // level 3: skipped
    expect(h.api.since(mark).filter((c) => c.payload.chat_id === cris.id)).toEqual([]);
    expect(h.logs.some((l) => l.includes('notification not sent'))).toBe(true);
  });

  it('reminds an opted-in member whose streak is at risk, and no one else', async () => {
    const dora = user(4004, { language_code: 'es' });
    const eli = user(4005, { language_code: 'en' });
    const fer = user(4006, { language_code: 'es' }); // not opted in
    const gus = user(4007, { language_code: 'es' }); // opted in, blocked
    for (const u of [dora, eli, fer, gus]) {
      await h.send(text(u, '/regalo'));
    }
    await h.economy.membership.setReminders(dora.id, true);
    await h.economy.membership.setReminders(eli.id, true);
    await h.economy.membership.setReminders(gus.id, true);
    await h.economy.membership.setBlocked(gus.id, true);
    // Next economy day, 21:00 UTC: within the 4 h before the boundary, nobody claimed yet.
    h.clock.set('2026-03-03T21:00:00Z');
    const mark = h.api.mark();
    const report = await h.economy.jobs.runDue();
    expect(report).toMatchObject({ remindersEnabled: true });
    expect(messagesTo(dora.id, mark)).toEqual([
      '🔥 Tu racha de 1 día está en riesgo: reclama tu regalo diario en las próximas 3 h (/regalo).',
    ]);
    expect(messagesTo(eli.id, mark)).toEqual(['🔥 Your 1-day streak is at risk: claim your daily gift within 3 h (/daily).']);
    expect(messagesTo(fer.id, mark)).toEqual([]);
    expect(messagesTo(gus.id, mark)).toEqual([]);
    // Once a day: running the job again sends nothing more.
    const again = h.api.mark();
    await h.economy.jobs.runDue();
    expect(h.api.since(again).filter((c) => c.method === 'sendMessage')).toEqual([]);
  });

  it("tells the member of an admin's credit or debit: amount, the reason, the balance, in their language; nothing without a private chat", async () => {
    const hana = user(4008, { language_code: 'es' });
    const ian = user(4009, { language_code: 'en' });
    await h.send(text(hana, 'hola'));
    await h.send(text(ian, 'hi'));
    const mark = h.api.mark();
    await h.economy.ledger.adminCredit({ adminId: ADMIN_ID, memberId: hana.id, amount: 1, reason: 'sorteo de marzo' });
    await h.economy.ledger.adminCredit({ adminId: ADMIN_ID, memberId: ian.id, amount: 40, reason: 'contest winner' });
    await h.economy.ledger.adminDebit({ adminId: ADMIN_ID, memberId: ian.id, amount: 15, reason: 'duplicate prize' });
    expect(messagesTo(hana.id, mark)).toEqual(['💝 Un administrador te dio 1 besito. Motivo: sorteo de marzo. Saldo: 1 besitos.']);
    expect(messagesTo(ian.id, mark)).toEqual([
      '💝 An admin gave you 40 besitos. Reason: contest winner. Balance: 40 besitos.',
      '➖ An admin took 15 besitos from you. Reason: duplicate prize. Balance: 25 besitos.',
    ]);
    // A member who never opened the bot: the credit stands, no message is tried.
    const quiet = h.api.mark();
    await h.economy.ledger.adminCredit({ adminId: ADMIN_ID, memberId: 4010, amount: 5, reason: 'regalo' });
    expect(h.api.since(quiet).filter((c) => c.payload.chat_id === 4010)).toEqual([]);
    expect(await h.economy.ledger.balance(4010)).toBe(5);
  });
});
