/**
 * CONTENT rewards reach the member (SPEC §6): an auto reward with a FIRST_DAILY_GIFT
 * condition is announced and its set sent as an album when the member claims the daily
 * gift; a manual one is sent on the claim button; the rewards screen's "send again"
 * re-sends a held set (after a failed send too) and nobody else's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberData } from '../../src/bot/features/member/callback-data.js';
import { callback, privateChat, user } from '../../src/bot/testing/updates.js';
import type { RecordedCall } from '../../src/bot/testing/fake-bot-api.js';
import { ADMIN_ID, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';
import { buttonsOf, onlyToast, press, pressAndRead, say, textOf } from './member-kit.js';

const albumTo = (calls: RecordedCall[], chatId: number) =>
  calls.filter((c) => c.method === 'sendMediaGroup' && Number(c.payload.chat_id) === chatId).map((c) => c.payload.media);

describe.each(testDialects())('CONTENT rewards in the bot ($name)', (dialect) => {
  let h: BotHarness;
  let autoId = 0;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
    const photos = await h.economy.shop.createContentSet({
      adminId: ADMIN_ID,
      name: 'Fotos de bienvenida',
      items: [
        { kind: 'photo', fileId: 'WELCOME-1' },
        { kind: 'photo', fileId: 'WELCOME-2' },
      ],
    });
    const bonus = await h.economy.shop.createContentSet({
      adminId: ADMIN_ID,
      name: 'Extra',
      items: [
        { kind: 'photo', fileId: 'EXTRA-1' },
        { kind: 'video', fileId: 'EXTRA-2' },
      ],
    });
    autoId = (
      await h.economy.rewards.createReward(ADMIN_ID, {
        name: 'Fotos de bienvenida',
        kind: 'CONTENT',
        contentSetId: photos.id,
        conditions: [{ type: 'FIRST_DAILY_GIFT' }],
      })
    ).id;
    await h.economy.rewards.createReward(ADMIN_ID, {
      name: 'Extra',
      kind: 'CONTENT',
      contentSetId: bonus.id,
      claimMode: 'manual',
      conditions: [{ type: 'FIRST_DAILY_GIFT' }],
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const WELCOME = [
    { type: 'photo', media: 'WELCOME-1' },
    { type: 'photo', media: 'WELCOME-2' },
  ];
  const EXTRA = [
    { type: 'photo', media: 'EXTRA-1' },
    { type: 'video', media: 'EXTRA-2' },
  ];

  it('the daily gift unlocks the auto reward: announced, then its photos sent as one album', async () => {
    const ana = user(3101, { language_code: 'es' });
    const mark = h.api.mark();
    await say(h, ana, '/regalo');
    const calls = h.api.since(mark);
    expect(albumTo(calls, ana.id)).toEqual([WELCOME]);
    const note = calls.find((c) => c.method === 'sendMessage' && String(c.payload.text).includes('Conseguiste la recompensa'));
    expect(note?.payload.text).toBe(
      '🎉 ¡Conseguiste la recompensa «Fotos de bienvenida»! Te enviamos el contenido aquí mismo; si no te llega, pídelo de nuevo en 🏆 Recompensas.',
    );
    const album = calls.find((c) => c.method === 'sendMediaGroup')!;
    expect(note!.seq).toBeLessThan(album.seq);
  });

  it('"send again" on the rewards screen re-sends the held set; the manual one is sent on its claim', async () => {
    const bea = user(3102, { language_code: 'es' });
    await say(h, bea, '/regalo');
    const list = await say(h, bea, '/recompensas');
    expect(textOf(list)).toContain('✅ Fotos de bienvenida · contenido exclusivo · conseguida');
    // Held: send again; unlocked manual: claim (no "send again" before it is claimed).
    expect(buttonsOf(list).map((b) => b.text)).toEqual(['📤 Enviar de nuevo: Fotos de bienvenida', '🎁 Reclamar: Extra', '⬅️ Menú']);

    let mark = h.api.mark();
    await press(h, bea, list, 'Enviar de nuevo: Fotos de bienvenida');
    expect(albumTo(h.api.since(mark), bea.id)).toEqual([WELCOME]);
    expect(onlyToast(h, mark)).toBe('📤 Te lo envío otra vez…');

    mark = h.api.mark();
    const after = await pressAndRead(h, bea, list, 'Reclamar: Extra');
    expect(albumTo(h.api.since(mark), bea.id)).toEqual([EXTRA]);
    expect(onlyToast(h, mark)).toBe('🎉 ¡Reclamada! Te enviamos el contenido aquí en el chat.');
    // Answered before the set went out (a big set outlasts Telegram's wait for an answer).
    const calls = h.api.since(mark);
    expect(calls.findIndex((c) => c.method === 'answerCallbackQuery')).toBeLessThan(calls.findIndex((c) => c.method === 'sendMediaGroup'));
    expect(buttonsOf(after).map((b) => b.text)).toEqual([
      '📤 Enviar de nuevo: Fotos de bienvenida',
      '📤 Enviar de nuevo: Extra',
      '⬅️ Menú',
    ]);
  });

  it('a send Telegram refuses leaves the reward claimed; "send again" delivers it later', async () => {
    const cleo = user(3103, { language_code: 'en' });
    await say(h, cleo, '/daily');
    const list = await say(h, cleo, '/rewards');
    h.api.fail('sendMediaGroup', { error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    let mark = h.api.mark();
    const after = await pressAndRead(h, cleo, list, 'Claim: Extra');
    // Answered once granted, before the send; the failed send is then told by a message.
    expect(onlyToast(h, mark)).toBe('🎉 Claimed! We are sending you the content here in the chat.');
    expect(h.api.since(mark).filter((c) => c.method === 'sendMessage').map(textOf)).toEqual(['🎉 Claimed! We could not send you the content now: tap “Send again” later.']);
    expect(textOf(after)).toContain('✅ Extra · exclusive content · earned');
    mark = h.api.mark();
    await press(h, cleo, after, 'Send again: Extra');
    expect(albumTo(h.api.since(mark), cleo.id)).toEqual([EXTRA]);
    expect(onlyToast(h, mark)).toBe('📤 Sending it to you again…');
  });

  it('"send again" for a reward the member does not hold is refused and sends nothing', async () => {
    const dan = user(3104, { language_code: 'es' });
    await say(h, dan, '/start');
    const mark = h.api.mark();
    await h.send(callback(dan, { message_id: 1, chat: privateChat(dan) }, memberData.resendReward.pack({ rewardId: autoId })));
    // Answered at once (a held set may be big), then refused by a message.
    expect(onlyToast(h, mark)).toBe('📤 Te lo envío otra vez…');
    expect(h.api.since(mark).filter((c) => c.method === 'sendMessage').map(textOf)).toEqual(['No lo encontramos.']);
    expect(albumTo(h.api.since(mark), dan.id)).toEqual([]);
  });
});
