/**
 * The leaderboards (SPEC §9) as the bot's /top shows them: a page of a board (all, week,
 * month; 10 to 25 entries, paged by the cursors each page gives) and where one member
 * stands, opted in or not. Both read the snapshot the jobs refresh and say its time (`asOf`).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { BOARDS, MAX_LEADERBOARD_PAGE, MIN_LEADERBOARD_PAGE, type Economy } from '../../../core/index.js';
import type { ApiEnv } from '../auth.js';
import { plain } from '../json.js';
import { problemResponses } from '../problem.js';
import { idParam, json } from '../schemas.js';

const BoardParam = z.enum(BOARDS).openapi({ param: { name: 'board', in: 'path' }, description: 'all (all time), week or month (the economy\'s calendar)', example: 'week' });

const PeriodSchema = z.object({ from: z.string(), to: z.string() }).nullable().openapi('BoardPeriod', { description: 'The calendar days the board covers (economy time zone); null for all time' });

const EntrySchema = z
  .object({
    position: z.number().int(),
    memberId: z.number().int(),
    name: z.string().nullable(),
    username: z.string().nullable(),
    firstName: z.string().nullable(),
    score: z.number().int(),
    level: z.number().int(),
  })
  .openapi('LeaderboardEntry');

const PageSchema = z
  .object({
    board: z.enum(BOARDS),
    period: PeriodSchema,
    asOf: z.string().nullable().openapi({ description: 'When the snapshot was taken (null before the first refresh)' }),
    members: z.number().int(),
    entries: z.array(EntrySchema),
    nextCursor: z.string().nullable(),
    prevCursor: z.string().nullable(),
  })
  .openapi('LeaderboardPage');

const PositionSchema = z
  .object({
    board: z.enum(BOARDS),
    period: PeriodSchema,
    asOf: z.string().nullable(),
    memberId: z.number().int(),
    optedIn: z.boolean(),
    listed: z.boolean(),
    score: z.number().int(),
    position: z.number().int().nullable(),
    outOf: z.number().int(),
    ahead: z.object({ position: z.number().int(), score: z.number().int(), gap: z.number().int() }).nullable(),
    topPercent: z.number().int().nullable(),
  })
  .openapi('MemberPosition');

export function leaderboardRoutes(api: OpenAPIHono<ApiEnv>, economy: Economy): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/leaderboards/{board}',
      tags: ['Leaderboards'],
      summary: 'A page of a board: opted-in members by besitos earned, as of the last refresh',
      request: {
        params: z.object({ board: BoardParam }),
        query: z.strictObject({
          limit: z
            .string()
            .regex(/^\d{1,2}$/, { message: `a whole number from ${MIN_LEADERBOARD_PAGE} to ${MAX_LEADERBOARD_PAGE}` })
            .transform(Number)
            .optional()
            .openapi({ type: 'integer', minimum: MIN_LEADERBOARD_PAGE, maximum: MAX_LEADERBOARD_PAGE, description: `Entries per page (default ${MIN_LEADERBOARD_PAGE})` }),
          cursor: z.string().max(32).optional().openapi({ description: 'nextCursor or prevCursor of a page' }),
        }),
      },
      responses: { 200: json(PageSchema, 'One page'), ...problemResponses() },
    }),
    async (c) => {
      const { board } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const page = await economy.leaderboards.page(board, { ...(limit !== undefined ? { limit } : {}), ...(cursor !== undefined ? { cursor } : {}) });
      return c.json(plain(page), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/leaderboards/{board}/members/{memberId}',
      tags: ['Leaderboards'],
      summary: 'Where a member stands on a board (opted in or not), and the gap to the next place',
      request: { params: z.object({ board: BoardParam, memberId: idParam('memberId', 'Telegram user id') }) },
      responses: { 200: json(PositionSchema, 'The position'), ...problemResponses() },
    }),
    async (c) => {
      const { board, memberId } = c.req.valid('param');
      return c.json(plain(await economy.leaderboards.position(board, memberId)), 200);
    },
  );
}
