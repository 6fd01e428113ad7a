/**
 * An admin flow lives in the database (`bot_state`), not in the bot's memory: a flow
 * started before a restart — or on another instance behind the same webhook — continues
 * on the new bot at the step where it was, and ends there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN_ID, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { callback, privateChat, text, user } from '../../src/bot/testing/updates.js';
import { createI18n } from '../../src/bot/i18n.js';

const admin = user(ADMIN_ID, { first_name: 'Ada', language_code: 'es' });
const i18n = createI18n();

describe.each(testDialects())('admin flows across a restart ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('continue on a new bot at the step they were, then end', async () => {
    await h.send(callback(admin, { message_id: 1, chat: privateChat(admin) }, 'adm:set:reactions.amount'));
    const stored = await h.storage.db.selectFrom('bot_state').select('key').where('key', 'like', 'conv:%').execute();
    expect(stored.map((r) => r.key)).toEqual([`conv:${ADMIN_ID}`]);

    const first = h.besitos.bot;
    await h.restart();
    expect(h.besitos.bot).not.toBe(first);

    const mark = h.api.mark();
    await h.send(text(admin, '8'));
    expect(await h.economy.settings.get('reactions.amount')).toBe(8);
    const replies = h.api.since(mark).filter((c) => c.method === 'sendMessage').map((c) => c.payload.text);
    expect(replies).toEqual([i18n.t('es', 'admin-setting-changed', { label: 'Besitos por reacción', from: '5', to: '8' })]);

    // The flow ended on the new bot: a further number is not taken as a setting.
    await h.send(text(admin, '9'));
    expect(await h.economy.settings.get('reactions.amount')).toBe(8);
  });
});
