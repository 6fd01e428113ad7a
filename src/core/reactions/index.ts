/** Reactions on channel posts (SPEC §3). */
export {
  CHANNEL_KINDS,
  ReactionsService,
  type Channel,
  type ChannelConfig,
  type ReactInput,
  type ReactionCounts,
  type ReactionStreak,
  type ReactResult,
  type RegisteredPost,
  type TodayUsage,
} from './reactions-service.js';
