/**
 * Telegram's errors the bot expects (SPEC §12), recognised in one place: an edit that
 * changes nothing, a message that can no longer be edited, a chat the bot lost, a member
 * who blocked the bot, a press answered too late. Telegram says which by the description
 * text only; test/bot/fake-realism.test.ts checks these against the fake Bot API's texts,
 * which are Telegram's.
 */
import { GrammyError } from 'grammy';

const NOT_MODIFIED = /message is not modified/i;
/** The message itself cannot be edited (deleted, too old, has no text). */
const UNEDITABLE = /message to edit not found|message can't be edited|message_id_invalid|message is too old|there is no text in the message/i;
/** The bot cannot reach the chat any more. */
const CHAT_GONE = /chat not found|not enough rights|bot is not a member|bot was kicked/i;
/** A press answered twice, or after its lifetime (about 15 s after it reached the bot). */
const QUERY_TOO_OLD = /query is too old|query id is invalid/i;
/** The member blocked the bot, deleted the account, or never opened a chat with it. */
export const BLOCKED = /blocked by the user|user is deactivated|bot can't initiate conversation/i;

const described = (err: unknown, pattern: RegExp): boolean => err instanceof GrammyError && pattern.test(err.description);

export const isQueryTooOld = (err: unknown): boolean => described(err, QUERY_TOO_OLD);
export const isNotModified = (err: unknown): boolean => described(err, NOT_MODIFIED);
export const isUneditable = (err: unknown): boolean => described(err, UNEDITABLE);
/** The post can never be edited again: the message or the chat is gone for the bot. */
export const isGone = (err: unknown): boolean => isUneditable(err) || described(err, CHAT_GONE);
