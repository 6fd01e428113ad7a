/**
 * A snapshot slot's lines stored in blocks (0015, issue 12). One row per 48 ranks of a board
 * (`leaderboard_rank_blocks_<slot>`) and one per 24 members in id order
 * (`leaderboard_place_blocks_<slot>`), each holding its lines as one binary value: a build
 * at 1M members writes ~100k rows instead of ~4M (one row a line cost ~3 µs each to insert
 * on SQLite, and its B-trees' pages; 10–11 s of a 20–26 s refresh here), and a read still
 * finds a page or a member by one key lookup.
 *
 * A block's value is its lines' numbers, line after line, as varints (encodeLines; 0020:
 * before, IEEE doubles, three times the bytes):
 * - rank block: member id, score, reached at, reached id (`RANK_WIDTH`); member id 0 marks a
 *   line taken out by an opt-out since the build (its rank is also a gap);
 * - place block: member id, then for each board the member's rank, score and the score of
 *   the line above as built (0 where not on it, or first): a listed member's position needs
 *   no second block read unless that line was taken out since (its rank is a gap).
 */
import { sql } from 'kysely';
import type { Executor } from '../../storage/write-transaction.js';
import { BOARDS, type Board } from './boards.js';
import type { Slot } from './snapshot.js';

// Each value stays under PostgreSQL's ~2 kB TOAST threshold (48 × 32 and 24 × 80 bytes), so
// a block is read from its row, not from TOAST chunks: with 256 lines a block, reads at 1M
// were p50 1.1–1.2 ms, p99 6.6–8 ms; with these, 0.7 / 4.3–5.4 ms (the refresh unchanged).
export const RANK_LINES = 48;
export const RANK_WIDTH = 4;
export const PLACE_LINES = 24;
/** Per board in a place line: rank, score, score of the line above. */
const PLACE_BOARD_WIDTH = 3;
export const PLACE_WIDTH = 1 + PLACE_BOARD_WIDTH * BOARDS.length;
/** Where board `i`'s rank is in a place line starting at `at` (its score and the one above follow). */
export const placeRankAt = (at: number, i: number) => at + 1 + PLACE_BOARD_WIDTH * i;

export type RankBlocksTable = 'leaderboard_rank_blocks_0' | 'leaderboard_rank_blocks_1';
export type PlaceBlocksTable = 'leaderboard_place_blocks_0' | 'leaderboard_place_blocks_1';
export const rankBlocks = (slot: Slot): RankBlocksTable => (slot === 0 ? 'leaderboard_rank_blocks_0' : 'leaderboard_rank_blocks_1');
export const placeBlocks = (slot: Slot): PlaceBlocksTable => (slot === 0 ? 'leaderboard_place_blocks_0' : 'leaderboard_place_blocks_1');

const MAX_STORED = 2 ** 52;
/** Scratch space for encoding: at most 8 bytes a number (below 2^53 after the sign is folded in). */
let scratch = new Uint8Array(4096);

/**
 * The bytes of a block's numbers: each a varint of the number with its sign folded in
 * (0, −1, 1, −2 … → 0, 1, 2, 3 …), 7 bits a byte, low bits first. Most numbers are small
 * (ranks, scores, a member off a board is three zeros), so a place line takes ~26 bytes
 * instead of 80 as doubles, a rank line ~16 instead of 32: a build at 1M members wrote
 * ~150 MB of blocks (twice that as hex text to PostgreSQL), a third of it now. Numbers are
 * safe integers below 2^52 in size (ids, amounts, times in ms); anything else is refused.
 */
export function encodeLines(values: Float64Array): Buffer {
  if (scratch.length < values.length * 8) scratch = new Uint8Array(values.length * 8);
  const out = scratch;
  let o = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v >= MAX_STORED || v <= -MAX_STORED) throw new RangeError(`a board line holds ${v}: not an integer below 2^52`);
    let z = v >= 0 ? v * 2 : -v * 2 - 1;
    while (z >= 0x80000000) {
      out[o++] = (z % 128) + 128;
      z = Math.floor(z / 128);
    }
    while (z >= 128) {
      out[o++] = (z & 127) | 128;
      z >>>= 7;
    }
    out[o++] = z;
  }
  return Buffer.from(out.subarray(0, o));
}

/** A block's numbers (encodeLines' varints). */
export function decodeLines(bytes: Uint8Array): Float64Array {
  const out = new Float64Array(bytes.length);
  let n = 0;
  let z = 0;
  let scale = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    z += (b & 127) * scale;
    if (b < 128) {
      out[n++] = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      z = 0;
      scale = 1;
    } else scale *= 128;
  }
  return out.slice(0, n);
}

export const blockOfRank = (rank: number) => Math.floor((rank - 1) / RANK_LINES);

export interface RankLine {
  rank: number;
  memberId: number;
  score: number;
}

/** A board's rank blocks `from`..`to` (block numbers), decoded, by block number. */
export async function readRankBlocks(db: Executor, slot: Slot, board: Board, from: number, to: number, lock = false): Promise<Map<number, Float64Array>> {
  let q = db
    .selectFrom(rankBlocks(slot) as 'leaderboard_rank_blocks_0')
    .select(['block', 'lines'])
    .where('board', '=', board)
    .where('block', '>=', from)
    .where('block', '<=', to);
  if (lock) q = q.forUpdate();
  const rows = await q.execute();
  return new Map(rows.map((r) => [Number(r.block), decodeLines(r.lines)]));
}

/**
 * The lines still on the board from `rank` on, walking down (`step` 1) or up (`step` −1),
 * until `want` are found or the board ends; lines taken out are skipped. Reads two blocks a
 * round trip: a page of 25 lies in one or two.
 */
export async function walkLines(db: Executor, slot: Slot, board: Board, size: number, rank: number, step: 1 | -1, want: number): Promise<RankLine[]> {
  const found: RankLine[] = [];
  let r = rank;
  while (found.length < want && r >= 1 && r <= size) {
    const first = blockOfRank(r);
    const [from, to] = step === 1 ? [first, first + 1] : [Math.max(0, first - 1), first];
    const blocks = await readRankBlocks(db, slot, board, from, to);
    const start = r;
    for (; found.length < want && r >= 1 && r <= size; r += step) {
      const lines = blocks.get(blockOfRank(r));
      const at = ((r - 1) % RANK_LINES) * RANK_WIDTH;
      if (!lines || at >= lines.length) break;
      const memberId = lines[at]!;
      if (memberId !== 0) found.push({ rank: r, memberId, score: lines[at + 1]! });
    }
    // Every block of ranks 1…size is written by the build; none here: the slot lost them.
    if (r === start) break;
  }
  return found;
}

/** A member's place block: the last block starting at or before them. */
export async function readPlaceBlock(db: Executor, slot: Slot, memberId: number, lock = false): Promise<{ first: number; lines: Float64Array } | undefined> {
  let q = db
    .selectFrom(placeBlocks(slot) as 'leaderboard_place_blocks_0')
    .select(['first_member', 'lines'])
    .where('first_member', '<=', memberId)
    .orderBy('first_member', 'desc')
    .limit(1);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? { first: Number(row.first_member), lines: decodeLines(row.lines) } : undefined;
}

/** Where the member's line starts in a place block's numbers, or −1 (lines are in member order). */
export function placeIndex(lines: Float64Array, memberId: number): number {
  let lo = 0;
  let hi = lines.length / PLACE_WIDTH;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid * PLACE_WIDTH]! < memberId) lo = mid + 1;
    else hi = mid;
  }
  return lo * PLACE_WIDTH < lines.length && lines[lo * PLACE_WIDTH] === memberId ? lo * PLACE_WIDTH : -1;
}

export interface Place {
  rank: number;
  score: number;
  /** The score of the line above as built (rank − 1); 0 for the first. */
  aboveScore: number;
}

/** The member's place on each board of the slot; undefined when they are in none. */
export async function readPlace(db: Executor, slot: Slot, memberId: number): Promise<Record<Board, Place | null> | undefined> {
  const block = await readPlaceBlock(db, slot, memberId);
  const at = block ? placeIndex(block.lines, memberId) : -1;
  if (!block || at < 0) return undefined;
  return Object.fromEntries(
    BOARDS.map((b, i) => {
      const r = placeRankAt(at, i);
      const rank = block.lines[r]!;
      return [b, rank === 0 ? null : { rank, score: block.lines[r + 1]!, aboveScore: block.lines[r + 2]! }];
    }),
  ) as Record<Board, Place | null>;
}

/** Is line `at` (score, time, id) ahead of the key: more besitos, or as many reached earlier? */
function ahead(lines: Float64Array, at: number, score: number, reachedAt: number, id: number): boolean {
  const s = lines[at + 1]!;
  if (s !== score) return s > score;
  const a = lines[at + 2]!;
  return a !== reachedAt ? a < reachedAt : lines[at + 3]! < id;
}

/**
 * The last line (taken out or not: member 0) ahead of a score reached at (`reachedAt`, `id`):
 * the block is found by its first line (the index on the blocks' first keys, as the line
 * order index did before) and read in the same query, the line in it by binary search.
 * null when nobody is ahead.
 */
export async function lastRankAhead(db: Executor, slot: Slot, board: Board, score: number, reachedAt: number, id: number): Promise<RankLine | null> {
  const table = rankBlocks(slot) as 'leaderboard_rank_blocks_0';
  // Earlier within the tie, else the lowest first line above the score. One round trip for both.
  const [tied, above] = await Promise.all([
    db
      .selectFrom(table)
      .select(['block', 'lines'])
      .where('board', '=', board)
      .where('first_score', '=', score)
      .where(sql<boolean>`(first_at, first_id) < (${reachedAt}, ${id})`)
      .orderBy('first_at', 'desc')
      .orderBy('first_id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom(table)
      .select(['block', 'lines'])
      .where('board', '=', board)
      .where('first_score', '>', score)
      .orderBy('first_score', 'asc')
      .orderBy('first_at', 'desc')
      .orderBy('first_id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const found = tied ?? above;
  if (!found) return null;
  const block = Number(found.block);
  const lines = decodeLines(found.lines);
  // The first line is ahead; find the last one that is.
  let lo = 0;
  let hi = lines.length / RANK_WIDTH - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ahead(lines, mid * RANK_WIDTH, score, reachedAt, id)) lo = mid;
    else hi = mid - 1;
  }
  return { rank: block * RANK_LINES + lo + 1, memberId: lines[lo * RANK_WIDTH]!, score: lines[lo * RANK_WIDTH + 1]! };
}
