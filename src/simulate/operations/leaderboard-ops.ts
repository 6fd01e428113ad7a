/**
 * Leaderboards (SPEC §9) at the line's time: the opt-in a member sets in the bot, a page of
 * a board, one member's position, the refresh, a member's daily series. Reads refresh first
 * when a refresh is due (`leaderboard.refresh_seconds` since the last one), as a running
 * server's jobs would have by then, so a script sees exactly the staleness members see;
 * `refresh_stats` refreshes at once.
 */
import { z } from 'zod';
import { engineChecked, memberField } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';

/** An optional field whose value the engine checks (so its refusal is the engine's). */
const optionalChecked = <T>() => z.custom<T>().optional();
const boardField = optionalChecked<string>();

const setLeaderboard = defineOperation(
  'set_leaderboard',
  z.strictObject({ member: memberField, on: engineChecked<boolean>('on (true or false)') }),
  async (a, { economy }) => economy.leaderboards.setOptIn(a.member, a.on),
);

const refreshStats = defineOperation('refresh_stats', z.strictObject({}), async (_a, { economy }) => economy.stats.refresh());

const leaderboard = defineOperation(
  'leaderboard',
  z.strictObject({ board: boardField, limit: optionalChecked<number>(), cursor: optionalChecked<string>() }),
  async (a, { economy }) => {
    await economy.stats.refreshIfDue();
    return economy.leaderboards.page(a.board ?? 'all', {
      ...(a.limit !== undefined ? { limit: a.limit } : {}),
      ...(a.cursor !== undefined ? { cursor: a.cursor } : {}),
    });
  },
);

const leaderboardPosition = defineOperation(
  'leaderboard_position',
  z.strictObject({ member: memberField, board: boardField }),
  async (a, { economy }) => {
    await economy.stats.refreshIfDue();
    return economy.leaderboards.position(a.board ?? 'all', a.member);
  },
);

const memberDays = defineOperation(
  'member_days',
  z.strictObject({ member: memberField, days: optionalChecked<number>() }),
  async (a, { economy }) => {
    await economy.stats.refreshIfDue();
    return economy.stats.memberDays(a.member, a.days !== undefined ? { days: a.days } : {});
  },
);

export const leaderboardOperations: readonly Operation[] = [setLeaderboard, refreshStats, leaderboard, leaderboardPosition, memberDays];
