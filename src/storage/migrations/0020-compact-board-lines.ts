/**
 * The snapshot's blocks of lines change encoding (core/leaderboards/line-blocks.ts): varints
 * instead of IEEE doubles, a third of the bytes a build writes. The tables keep their
 * columns; their rows are derived data in the encoding of the code that wrote them, so up and
 * down both empty them with the snapshot's state row, and the next refresh (within
 * `leaderboard.refresh_seconds`) builds the boards again (as 0015 did; until then the boards
 * read as not built yet).
 */
import type { Kysely } from 'kysely';

const SLOTS = [0, 1] as const;

async function forgetSnapshot(db: Kysely<any>): Promise<void> {
  for (const slot of SLOTS) {
    await db.deleteFrom(`leaderboard_rank_blocks_${slot}`).execute();
    await db.deleteFrom(`leaderboard_place_blocks_${slot}`).execute();
  }
  await db.deleteFrom('leaderboard_gaps').execute();
  await db.deleteFrom('stats_state').where('name', '=', 'leaderboards').execute();
}

export function compactBoardLines() {
  return { up: forgetSnapshot, down: forgetSnapshot };
}
