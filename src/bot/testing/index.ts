/** besitos/bot/testing: a loopback Bot API server and update builders, for bots' own tests. */
export { FakeBotApi, FAKE_BOT_INFO, type RecordedCall, type ApiFailure, type FakeBotApiOptions } from './fake-bot-api.js';
export { FakeFloodLimits, PRIVATE_BURST } from './fake-flood-limits.js';
export { FakeCallbackQueries, CALLBACK_QUERY_TTL_MS, QUERY_TOO_OLD } from './fake-callback-queries.js';
export { FakeMessages, NOT_MODIFIED, EDIT_NOT_FOUND, DELETE_NOT_FOUND } from './fake-messages.js';
export { TELEGRAM_LIMITS, scaleLimits, type TelegramLimits } from '../telegram-limits.js';
export * from './updates.js';
export { PrivateChats } from './private-chats.js';
export { FakeChatAdmin, type FakeBotRights } from './fake-chat-admin.js';
