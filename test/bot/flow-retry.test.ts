/**
 * Issue 10, defect 1: calls made inside an admin flow (a conversation) go through the
 * bot's transformers like any other. Eight photos forwarded into "Nuevo contenido" while
 * the Bot API answers the 6th "Guardado" with 429 retry after 1: the reply is retried, all
 * eight are saved, every reply arrives and /listo is answered. Before the fix the 429
 * escaped the flow (no retry inside conversations), the admin got the apology, the rest
 * of the photos were dropped and /listo went unanswered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSize } from 'grammy/types';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN_ID, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { callback, privateChat, privateMessage, text, user } from '../../src/bot/testing/updates.js';
import { adminData } from '../../src/bot/features/admin/callback-data.js';
import { createI18n } from '../../src/bot/i18n.js';

const admin = user(ADMIN_ID, { first_name: 'Ada', language_code: 'es' });
const source = user(601, { first_name: 'Lucía', language_code: 'es' });
const i18n = createI18n();

const photo = (id: string): PhotoSize[] => [{ file_id: `${id}-large`, file_unique_id: `${id}-l`, width: 1280, height: 853 }];

describe.each(testDialects())('a 429 inside an admin flow ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect, { bot: { commandLimit: { timeFrameMs: 1000, limit: 1000 } } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is retried: eight forwarded photos saved, every reply delivered, /listo answered', async () => {
    const saved = /^Guardado \(/;
    let savedReplies = 0;
    let refused = 0;
    h.api.on('sendMessage', (payload) => {
      if (saved.test(String(payload.text)) && ++savedReplies === 6) {
        refused++;
        throw { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
      }
      return { message_id: 5000 + savedReplies, date: Math.floor(Date.now() / 1000), chat: privateChat(admin), text: payload.text };
    });

    await h.send(callback(admin, { message_id: 1, chat: privateChat(admin) }, adminData.newContentSet.pack()));
    await h.send(text(admin, 'Ocho fotos'));
    const mark = h.api.mark();
    for (let i = 1; i <= 8; i++) {
      await h.send(privateMessage(admin, { photo: photo(`p${i}`), forward_origin: { type: 'user', date: 1, sender_user: source } }));
    }
    await h.send(text(admin, '/listo'));

    expect(refused).toBe(1);
    const replies = h.api
      .since(mark)
      .filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === ADMIN_ID)
      .map((c) => String(c.payload.text));
    const added = (count: number) => i18n.t('es', 'admin-content-added', { count, max: 50 });
    // The 6th twice: refused once, then sent again.
    expect(replies.filter((r) => saved.test(r))).toEqual([1, 2, 3, 4, 5, 6, 6, 7, 8].map(added));
    expect(replies).not.toContain(i18n.t('es', 'error-internal'));
    const sets = await h.economy.shop.contentSets(ADMIN_ID);
    expect(sets).toHaveLength(1);
    expect(sets[0]!.items.map((item) => ('fileId' in item ? item.fileId : null))).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `p${i}-large`));
    expect(replies.at(-1)).toMatch(new RegExp(`^Contenido #${sets[0]!.id} «Ocho fotos» guardado con 8 archivos`));
  });
});
