/**
 * Who the bot knows and when it may talk to them (issue 10, defects 3, 5, 6), on the real
 * bot against the fake Bot API, which refuses a message to anyone who never started the
 * bot, as Telegram does:
 * - blocking and unblocking (`my_chat_member` kicked / member) take effect at once;
 * - a member met only under a channel post has a name (lookup, metrics, profile);
 * - a member without a private chat earns, and is sent nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactionCallbackData } from '../../src/bot/features/channels/reaction-keyboard.js';
import { callback, channel, channelPost, messageReaction, myChatMember, text, user } from '../../src/bot/testing/updates.js';
import { ADMIN_ID, FREE_CHANNEL, GROUP, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';

describe.each(testDialects())('presence ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const sendsTo = (chatId: number, since: number) =>
    h.api.since(since).filter((c) => /^(send|copy|forward)/.test(c.method) && Number(c.payload.chat_id) === chatId);

  it('kicked → member: notifications stop at once and resume at once (no wait for the touch)', async () => {
    const ana = user(7101);
    await h.send(text(ana, 'hola'));
    await h.send(myChatMember(ana, 'kicked'));
    expect((await h.economy.membership.get(ana.id))?.reachable).toBe(false);
    let mark = h.api.mark();
    await h.economy.ledger.credit({ memberId: ana.id, amount: 100 }); // level 2 and «Cien besitos»
    expect(sendsTo(ana.id, mark)).toEqual([]);

    // She unblocks the bot (Telegram sends `member`) and, within seconds, earns again.
    await h.send(myChatMember(ana, 'member'));
    expect((await h.economy.membership.get(ana.id))?.reachable).toBe(true);
    mark = h.api.mark();
    await h.economy.ledger.credit({ memberId: ana.id, amount: 300 }); // level 3
    expect(sendsTo(ana.id, mark).map((c) => c.payload.text)).toEqual(['⭐ ¡Subiste al nivel 3!']);
  });

  it('unblocking then /start: the touch is not what clears the mark, and the reply goes out', async () => {
    const cris = user(7102);
    await h.send(text(cris, 'hola'));
    await h.send(myChatMember(cris, 'kicked'));
    await h.send(myChatMember(cris, 'member'));
    const mark = h.api.mark();
    await h.send(text(cris, '/start'));
    expect(sendsTo(cris.id, mark)).toHaveLength(1);
    expect((await h.economy.membership.get(cris.id))?.blockedAt).toBeNull();
  });

  it('a member who only pressed a reaction button has a name: /miembro @name, metrics, profile', async () => {
    const bea = user(7103, { first_name: 'Bea', last_name: 'Soto', username: 'bea_es', language_code: 'en' });
    await h.send(channelPost(FREE_CHANNEL, 300));
    await h.send(callback(bea, { message_id: 300, chat: channel(FREE_CHANNEL) }, reactionCallbackData(FREE_CHANNEL, 300, '❤️')));
    expect(await h.economy.membership.findByUsername('@bea_es')).toMatchObject({ id: bea.id, firstName: 'Bea', lastName: 'Soto', language: 'en' });
    await h.economy.stats.refresh(); // metrics are as of the last refresh (the jobs do it in a server)
    const holders = (await h.economy.metrics()).topHolders;
    expect(holders.find((x) => x.memberId === bea.id)).toMatchObject({ username: 'bea_es', firstName: 'Bea' });

    const admin = user(ADMIN_ID);
    const mark = h.api.mark();
    await h.send(text(admin, '/miembro @bea_es'));
    const card = sendsTo(ADMIN_ID, mark).map((c) => String(c.payload.text)).join('\n');
    expect(card).toContain('Bea Soto');
    expect(card).toContain('@bea_es');
    expect(card).toContain(String(bea.id));
  });

  it('presses write the names only when they changed (issue 14: a burst is mostly members already met)', async () => {
    const registered: number[] = [];
    const { membership } = h.economy;
    const register = membership.register.bind(membership);
    membership.register = (input) => {
      registered.push(input.id);
      return register(input);
    };
    try {
      await h.send(channelPost(FREE_CHANNEL, 310));
      const press = (u: ReturnType<typeof user>, emoji: string) =>
        h.send(callback(u, { message_id: 310, chat: channel(FREE_CHANNEL) }, reactionCallbackData(FREE_CHANNEL, 310, emoji)));
      await press(user(7106, { first_name: 'Eva' }), '❤️');
      await press(user(7106, { first_name: 'Eva' }), '🔥');
      await press(user(7106, { first_name: 'Eva' }), '❤️');
      expect(registered.filter((id) => id === 7106)).toHaveLength(1);
      await press(user(7106, { first_name: 'Eva María' }), '🔥'); // renamed: written at once
      expect(registered.filter((id) => id === 7106)).toHaveLength(2);
      expect(await h.economy.membership.get(7106)).toMatchObject({ firstName: 'Eva María' });
    } finally {
      membership.register = register;
    }
  });

  it('a native reaction in a group also names the member', async () => {
    const dani = user(7104, { first_name: 'Dani', username: 'dani_g' });
    await h.send(messageReaction(GROUP, 55, dani, ['❤️']));
    expect(await h.economy.membership.get(dani.id)).toMatchObject({ firstName: 'Dani', username: 'dani_g', reachable: false });
  });

  it("a channel-only member's first reaction: reward granted, no message attempted", async () => {
    const eva = user(7105, { first_name: 'Eva' });
    await h.send(channelPost(FREE_CHANNEL, 301));
    const mark = h.api.mark();
    await h.send(callback(eva, { message_id: 301, chat: channel(FREE_CHANNEL) }, reactionCallbackData(FREE_CHANNEL, 301, '🔥')));
    const rewards = await h.economy.rewards.rewards(eva.id);
    expect(rewards.find((r) => r.name === 'Primera reacción')?.state).toBe('claimed');
    expect(await h.economy.ledger.balance(eva.id)).toBeGreaterThan(5); // the press and the reward
    expect(sendsTo(eva.id, mark)).toEqual([]);
    expect(h.logs.some((l) => l.includes("can't initiate conversation"))).toBe(false);

    // Once she opens the bot, she hears about what comes next.
    await h.send(text(eva, '/start'));
    const later = h.api.mark();
    await h.economy.ledger.credit({ memberId: eva.id, amount: 100 });
    expect(sendsTo(eva.id, later).length).toBeGreaterThan(0);
  });

  it('the fake Bot API refuses to write first, as Telegram does', async () => {
    await expect(h.besitos.deps.api.sendMessage(7199, 'hola')).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
  });
});
