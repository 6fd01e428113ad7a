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
import { describe } from '../log/describe.js';
import type { Locale } from './locale-cache.js';
import { MEMBER_LOOKUP_COMMANDS } from './features/admin/callback-data.js';
import { CANCEL_COMMANDS } from './features/admin/flow-kit.js';
import { PUBLISH_COMMANDS } from './features/channels/publish.js';
import { MEMBER_COMMANDS } from './features/member/index.js';

interface Listed {
  es: string;
  en: string;
  /** Its description in locales/<locale>/commands.ftl. */
  key: string;
}

/** The members' commands as the feature registers them: Spanish name first, then English. */
const MEMBER: readonly Listed[] = Object.entries(MEMBER_COMMANDS).map(([name, aliases]) => ({
  es: aliases[0],
  // `start` is Telegram's own word in every language; the others' second alias is English.
  en: name === 'start' ? aliases[0] : aliases[1],
  key: `command-${name}`,
}));

/** Each admin command under the name of the admin's language (both names work in both). */
const ADMIN: readonly Listed[] = [
  { es: 'admin', en: 'admin', key: 'command-admin' },
  { es: MEMBER_LOOKUP_COMMANDS[0], en: MEMBER_LOOKUP_COMMANDS[1], key: 'command-miembro' },
  { es: PUBLISH_COMMANDS[0], en: PUBLISH_COMMANDS[1], key: 'command-publicar' },
  { es: CANCEL_COMMANDS[0], en: CANCEL_COMMANDS[1], key: 'command-cancel' },
];

export function commandList(i18n: I18n<BotContext>, locale: Locale, admin: boolean): BotCommand[] {
  const rows = admin ? [...MEMBER, ...ADMIN] : MEMBER;
  return rows.map((c) => ({ command: c[locale], description: i18n.t(locale, c.key) }));
}

export async function publishCommands(api: Api, i18n: I18n<BotContext>, adminIds: readonly number[], logger: Logger): Promise<void> {
  const publish = async (what: Record<string, unknown>, send: () => Promise<unknown>) => {
    try {
      await send();
    } catch (err) {
      // An admin who never opened the bot makes their chat scope fail ("chat not found"):
      // the others still get their lists.
      logger.warn({ ...what, err: describe(err) }, 'could not publish a command list');
    }
  };
  await publish({ scope: 'members' }, async () => {
    await api.setMyCommands(commandList(i18n, 'es', false), { scope: { type: 'all_private_chats' } });
    await api.setMyCommands(commandList(i18n, 'en', false), { scope: { type: 'all_private_chats' }, language_code: 'en' });
  });
  for (const id of adminIds) {
    await publish({ scope: 'admin', adminId: id }, async () => {
      await api.setMyCommands(commandList(i18n, 'es', true), { scope: { type: 'chat', chat_id: id } });
      await api.setMyCommands(commandList(i18n, 'en', true), { scope: { type: 'chat', chat_id: id }, language_code: 'en' });
    });
  }
}
