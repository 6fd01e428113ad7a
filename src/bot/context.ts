/**
 * The context every bot handler sees: grammY's, the i18n flavour (`ctx.t`), the
 * conversations flavour (admin flows) and `ctx.besitos`, the engine and what the bot
 * shares across features. Features are Composers over this type.
 */
import type { Context } from 'grammy';
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { BotDeps } from './bot-deps.js';

export interface BesitosFlavor {
  readonly besitos: BotDeps;
}

/** The context inside a feature, and inside a conversation (which has no conversations flavour). */
export type BaseContext = Context & I18nFlavor & BesitosFlavor;

export type BotContext = ConversationFlavor<BaseContext>;
