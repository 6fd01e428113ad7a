/** besitos/bot/testing: a loopback Bot API server and update builders, for bots' own tests. */
export { FakeBotApi, FAKE_BOT_INFO, type RecordedCall, type ApiFailure } from './fake-bot-api.js';
export * from './updates.js';
export { FakeChatAdmin, type FakeBotRights } from './fake-chat-admin.js';
