import type { Update } from 'grammy/types';

/**
 * Every update kind a feature reads, for getUpdates and setWebhook. chat_member and
 * message_reaction are only sent when asked for by name, so the list is always given
 * explicitly. chat_join_request: VIP channel join requests (features/vip).
 */
export const ALLOWED_UPDATES = [
  'message',
  'edited_message',
  'callback_query',
  'channel_post',
  'message_reaction',
  'my_chat_member',
  'chat_member',
  'chat_join_request',
] as const satisfies ReadonlyArray<Exclude<keyof Update, 'update_id'>>;
