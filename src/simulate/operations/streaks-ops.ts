/**
 * `streaks {member}`: both streaks of a member side by side (SPEC §3 reaction streak,
 * §4 daily-gift streak), as the bot's profile screen shows them. Current values are
 * effective on read: 0 once a whole economy day was missed, whether or not a job ran.
 */
import { z } from 'zod';
import { memberField } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';

const streaks = defineOperation('streaks', z.strictObject({ member: memberField }), async (a, { economy }) => {
  const [daily, reactions] = await Promise.all([economy.daily.status(a.member), economy.reactions.streak(a.member)]);
  return {
    daily: { current: daily.streak, longest: daily.longest, lastDay: daily.lastDay },
    reactions: { current: reactions.current, longest: reactions.longest, lastDay: reactions.lastDay },
  };
});

export const streaksOperations: readonly Operation[] = [streaks];
