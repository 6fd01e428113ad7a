/**
 * Reaction operations (SPEC §3): `add_channel {channel, kind, title?}`,
 * `publish_post {channel, post}`, `react {member, channel, post, emoji}`,
 * `reaction_counts {channel, post}` and `reaction_status {member}` (streak and today's
 * count). Ids and emojis are checked by the engine, so a refusal reads the same whether it
 * came through simulate or the bot.
 */
import { z } from 'zod';
import { engineChecked, memberField } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';

const channelField = engineChecked<number>('channel (a Telegram chat id)');
const postField = engineChecked<number>('post (a message id)');

const addChannel = defineOperation(
  'add_channel',
  z.strictObject({ channel: channelField, kind: engineChecked<'FREE' | 'VIP' | 'OTHER'>('kind (FREE, VIP or OTHER)'), title: z.string().nullable().optional() }),
  async (a, { economy }) => {
    const [channel] = await economy.reactions.configureChannels([
      { id: a.channel, kind: a.kind, ...(a.title !== undefined ? { title: a.title } : {}) },
    ]);
    return channel;
  },
);

const publishPost = defineOperation('publish_post', z.strictObject({ channel: channelField, post: postField }), async (a, { economy }) =>
  economy.reactions.registerPost(a.channel, a.post),
);

const react = defineOperation(
  'react',
  z.strictObject({ member: memberField, channel: channelField, post: postField, emoji: engineChecked<string>('emoji') }),
  async (a, { economy }) =>
    economy.reactions.react({ memberId: a.member, channelId: a.channel, messageId: a.post, emoji: a.emoji }),
);

const reactionCounts = defineOperation('reaction_counts', z.strictObject({ channel: channelField, post: postField }), async (a, { economy }) =>
  economy.reactions.counts(a.channel, a.post),
);

const reactionStatus = defineOperation('reaction_status', z.strictObject({ member: memberField }), async (a, { economy }) => {
  const service = economy.reactions;
  const today = await service.todayUsed(a.member);
  const streak = await service.streak(a.member);
  return { memberId: a.member, used: today.used, limit: today.limit, streak };
});

export const reactionOperations: readonly Operation[] = [addChannel, publishPost, react, reactionCounts, reactionStatus];
