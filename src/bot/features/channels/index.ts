/** Channels (SPEC §3): reaction keyboards, presses, coalesced count edits, /publicar, native reactions. */
import { Composer } from 'grammy';
import type { BotDeps } from '../../bot-deps.js';
import type { BotContext } from '../../context.js';

export function channelsFeature(_deps: BotDeps): Composer<BotContext> {
  return new Composer<BotContext>();
}
