/**
 * Telegram's flood limits for messages (Bot API FAQ, "My bot is hitting limits"): about
 * 30 messages a second overall, one a second in a private chat (short bursts tolerated),
 * 20 a minute in a group or channel. One description serves both sides: the bot paces its
 * own calls to them (pacing.ts) and the tests' fake Bot API answers 429 beyond them
 * (testing/fake-flood-limits.ts), so a test that scales one scales the other the same way.
 */

/** `count` calls per `windowMs`. */
export interface Rate {
  count: number;
  windowMs: number;
}

export interface TelegramLimits {
  /** All chats together. */
  global: Rate;
  /** One private chat (a member's chat with the bot). */
  privateChat: Rate;
  /** One group, supergroup or channel. */
  groupChat: Rate;
}

export const TELEGRAM_LIMITS: TelegramLimits = {
  global: { count: 30, windowMs: 1000 },
  privateChat: { count: 1, windowMs: 1000 },
  groupChat: { count: 20, windowMs: 60_000 },
};

/** The same limits with time running `speed` times faster (tests: `speed` 50 → 50 messages a second in a private chat). */
export function scaleLimits(limits: TelegramLimits, speed: number): TelegramLimits {
  const scale = (r: Rate): Rate => ({ count: r.count, windowMs: r.windowMs / speed });
  return { global: scale(limits.global), privateChat: scale(limits.privateChat), groupChat: scale(limits.groupChat) };
}

/**
 * The calls the limits count: what puts a message into a chat or changes one. Others
 * (answerCallbackQuery, getChatMember, bans, invite links, sendChatAction, deleteMessage)
 * have no such limit and must not wait behind a chat's messages: a press is answered at
 * once, an expiry's ban is not queued behind 20-a-minute posts.
 */
export const LIMITED_METHODS: ReadonlySet<string> = new Set([
  'sendMessage',
  'sendPhoto',
  'sendVideo',
  'sendAnimation',
  'sendAudio',
  'sendDocument',
  'sendVoice',
  'sendVideoNote',
  'sendSticker',
  'sendMediaGroup',
  'sendPaidMedia',
  'sendLocation',
  'sendVenue',
  'sendContact',
  'sendPoll',
  'sendDice',
  'sendInvoice',
  'copyMessage',
  'copyMessages',
  'forwardMessage',
  'forwardMessages',
  'editMessageText',
  'editMessageCaption',
  'editMessageMedia',
  'editMessageReplyMarkup',
]);

/** Which limit a `chat_id` falls under: positive ids are private chats; negative ids and `@channel` names are groups or channels. */
export function chatKind(chatId: unknown): 'private' | 'group' | null {
  if (typeof chatId === 'number') return chatId > 0 ? 'private' : 'group';
  if (typeof chatId === 'string' && chatId !== '') return /^\d+$/.test(chatId) ? 'private' : 'group';
  return null;
}
