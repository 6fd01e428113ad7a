/**
 * The command list Telegram shows in the "/" menu: members' commands in Spanish (the
 * default list) and in English (for apps in English), and the admin commands added in
 * each admin's own chat. Sent once at start; a failure is logged, never fatal.
 */
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { I18n } from '@grammyjs/i18n';
import type { Logger } from 'pino';
import type { BotContext } from './context.js';
import { describe } from './error-boundary.js';
import type { Locale } from './locale-cache.js';

/** Command name per locale → the key of its description in locales/<locale>/commands.ftl. */
const MEMBER: ReadonlyArray<{ es: string; en: string; key: string }> = [
  { es: 'start', en: 'start', key: 'command-start' },
  { es: 'regalo', en: 'daily', key: 'command-daily' },
  { es: 'saldo', en: 'balance', key: 'command-balance' },
  { es: 'historial', en: 'history', key: 'command-history' },
  { es: 'tienda', en: 'shop', key: 'command-shop' },
  { es: 'compras', en: 'purchases', key: 'command-purchases' },
  { es: 'recompensas', en: 'rewards', key: 'command-rewards' },
  { es: 'idioma', en: 'language', key: 'command-language' },
  { es: 'ayuda', en: 'help', key: 'command-help' },
];

const ADMIN: ReadonlyArray<{ es: string; en: string; key: string }> = [
  { es: 'admin', en: 'admin', key: 'command-admin' },
  { es: 'miembro', en: 'miembro', key: 'command-member' },
  { es: 'publicar', en: 'publicar', key: 'command-publish' },
  { es: 'cancelar', en: 'cancel', key: 'command-cancel' },
];

export function commandList(i18n: I18n<BotContext>, locale: Locale, admin: boolean): BotCommand[] {
  const rows = admin ? [...MEMBER, ...ADMIN] : MEMBER;
  return rows.map((c) => ({ command: c[locale], description: i18n.t(locale, c.key) }));
}

export async function publishCommands(api: Api, i18n: I18n<BotContext>, adminIds: readonly number[], logger: Logger): Promise<void> {
  try {
    await api.setMyCommands(commandList(i18n, 'es', false), { scope: { type: 'all_private_chats' } });
    await api.setMyCommands(commandList(i18n, 'en', false), { scope: { type: 'all_private_chats' }, language_code: 'en' });
    for (const id of adminIds) {
      await api.setMyCommands(commandList(i18n, 'es', true), { scope: { type: 'chat', chat_id: id } });
      await api.setMyCommands(commandList(i18n, 'en', true), { scope: { type: 'chat', chat_id: id }, language_code: 'en' });
    }
  } catch (err) {
    // An admin who never opened the bot makes the chat scope fail ("chat not found").
    logger.warn({ err: describe(err) }, 'could not publish the command list');
  }
}
