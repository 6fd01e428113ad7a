/**
 * Generates the scale fixture's rows, day by day, as the engine would have written them
 * over ACTIVE_DAYS economy days (UTC): reactions on the channel's hourly posts (distinct
 * posts, at most 20 a day, 30 s apart at least, each with its reaction row and key
 * `reaction:<channel>:<post>`), daily gifts with their streak bonus (`daily:<day>`,
 * `streak:<day>`), the seeded first-reaction reward (+10, with its `member_rewards` row),
 * purchases (with their `purchases` row; 2 % refunded), admin credits and debits. Each
 * member's movements are applied in time order to their running balance, so every row's
 * `balance_after` chains, no balance goes below 0 and the profiles end with the sums of
 * their ledger (what `besitos verify` checks). Transaction ids follow time across all
 * members, as in a real database.
 *
 * Rows go to a sink (SQLite or PostgreSQL bulk writer) a day at a time as flat batches
 * (typed arrays where every cell is a number; no array or string per row in the hot loops),
 * so memory holds one day of movements, a few typed arrays per member (≈ 100 bytes a
 * member) and the reactions (≈ 25 bytes each), which are written last in key order.
 */
import type { LevelFormula } from '../../core/levels/level-formula.js';
import { DEFAULT_SETTINGS } from '../../core/settings/settings-schema.js';
import {
  ACTIVE_DAYS,
  activeDaysFor,
  activityByRank,
  ADMIN_CREDIT_CHANCE,
  ADMIN_DEBIT_SHARE,
  FIRST_FIXTURE_MEMBER,
  FIRST_NAMES,
  FIXTURE_CHANNEL,
  FIXTURE_PRODUCTS,
  FIXTURE_SEED,
  LAST_NAMES,
  MAX_ROWS_PER_DAY,
  POSTS_PER_DAY,
  REFUND_CHANCE,
  seededRandom,
} from './fixture-shape.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export type Cell = number | string | null;

/** The tables the generator fills and their columns, in the order the database gets them. */
export const FIXTURE_COLUMNS = {
  posts: ['channel_id', 'message_id', 'created_at'],
  transactions: ['id', 'member_id', 'amount', 'type', 'reason', 'metadata', 'idempotency_key', 'balance_after', 'created_at'],
  reactions: ['member_id', 'channel_id', 'message_id', 'emoji', 'transaction_id', 'created_at'],
  purchases: [
    'id', 'member_id', 'product_id', 'confirmation_key', 'price', 'transaction_id', 'status',
    'refund_transaction_id', 'delivered_at', 'refunded_at', 'created_at',
  ],
  member_rewards: [
    'member_id', 'reward_id', 'occurrence', 'status', 'unlocked_at', 'expires_at', 'granted_at', 'kind',
    'granted_value', 'capped', 'transaction_id',
  ],
  members: [
    'id', 'username', 'first_name', 'last_name', 'role', 'language', 'reminders', 'private_chat_at', 'created_at', 'updated_at',
  ],
  profiles: ['member_id', 'balance', 'total_earned', 'total_spent', 'level', 'next_level_at', 'created_at', 'updated_at'],
  reaction_state: ['member_id', 'last_at', 'day', 'day_count', 'streak', 'longest', 'streak_day', 'total'],
  daily_state: ['member_id', 'last_day', 'streak', 'longest', 'claims', 'last_claimed_at'],
} as const;

export type FixtureTable = keyof typeof FIXTURE_COLUMNS;
/** The tables the bulk load writes: the ones whose indexes are worth dropping while it runs. */
export const FIXTURE_TABLES = Object.keys(FIXTURE_COLUMNS) as FixtureTable[];

/**
 * How a batch's cells are laid out: most tables carry their columns' values (numbers in a
 * Float64Array, NaN for null, or mixed cells); `transactions` and `reactions`, nine tenths of
 * the rows, carry numbers only, from which fixture-encoding.ts makes the text columns (type,
 * reason, metadata, key, emoji) right where they are written: building and moving millions
 * of strings cost more than the inserts themselves.
 */
export const TX = { id: 0, member: 1, amount: 2, code: 3, x: 4, y: 5, balance: 6, at: 7, width: 8 } as const;
export const RX = { member: 0, post: 1, emoji: 2, tx: 3, at: 4, width: 5 } as const;

export function batchWidth(table: FixtureTable): number {
  return table === 'transactions' ? TX.width : table === 'reactions' ? RX.width : FIXTURE_COLUMNS[table].length;
}

/** `rows` rows of `batchWidth(table)` cells each. */
export interface FixtureBatch {
  rows: number;
  cells: Float64Array | Cell[];
}

export interface FixtureSink {
  write(table: FixtureTable, batch: FixtureBatch): Promise<void>;
}

export interface FixtureReward {
  id: number;
  name: string;
  value: number;
}

export interface GenerateOptions {
  members: number;
  /** Economy day number (UTC) of the first day; the last is firstDay + ACTIVE_DAYS − 1. */
  firstDay: number;
  /** The seeded "first reaction" BESITOS reward, when the database has it. */
  firstReactionReward: FixtureReward | null;
  formula: LevelFormula;
}

export interface FixtureCounts {
  members: number;
  transactions: number;
  byType: Record<string, number>;
  reactions: number;
  purchases: number;
  refunds: number;
  posts: number;
  lastTransactionId: number;
}

/**
 * Movement codes of a transactions batch (TX.code), with what TX.x and TX.y hold:
 * REACTION post id and emoji index; DAILY and STREAK the streak and the economy day;
 * PURCHASE product index and purchase id; REFUND the refunded movement's id and purchase id.
 */
export const REACTION = 0;
export const DAILY = 1;
export const STREAK = 2;
export const REWARD = 3;
export const ADMIN_CREDIT = 4;
export const PURCHASE = 5;
export const ADMIN_DEBIT = 6;
export const REFUND = 7;
export const TYPE_NAMES = ['EARN_REACTION', 'EARN_DAILY', 'EARN_STREAK', 'EARN_REWARD', 'EARN_ADMIN', 'SPEND_SHOP', 'SPEND_ADMIN', 'REFUND_SHOP'] as const;
export const ADMIN_CREDIT_REASON = 'Premio del sorteo';
export const ADMIN_DEBIT_REASON = 'Corrección de saldo';
export const REFUND_REASON = 'refund: delivery failed';

const SEQ_BITS = 2 ** 26;
const WRITE_CHUNK = 50_000;

export function postTime(day: number, post: number): number {
  return day * DAY_MS + post * HOUR_MS + HOUR_MS / 2;
}

export function postId(dayIndex: number, post: number): number {
  return dayIndex * POSTS_PER_DAY + post + 1;
}

export async function generateFixture(options: GenerateOptions, sink: FixtureSink): Promise<FixtureCounts> {
  const { members: n, firstDay, firstReactionReward: reward, formula } = options;
  const settings = DEFAULT_SETTINGS;
  const emojis = settings['reactions.emojis'];
  const reactAmount = settings['reactions.amount'];
  const rand = seededRandom(FIXTURE_SEED ^ n);

  // Rows per member: the Zipf-like counts by rank, dealt to members in a shuffled order.
  const byRank = activityByRank(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const rowsOf = new Int32Array(n);
  for (let r = 0; r < n; r++) rowsOf[order[r]!] = byRank[r]!;

  // Which days each member is active on: a bit per day.
  const WORDS = Math.ceil(ACTIVE_DAYS / 32);
  const activeBits = new Uint32Array(n * WORDS);
  const activeDays = new Uint8Array(n);
  const pick = new Int32Array(ACTIVE_DAYS);
  for (let m = 0; m < n; m++) {
    const a = activeDaysFor(rowsOf[m]!);
    activeDays[m] = a;
    for (let d = 0; d < ACTIVE_DAYS; d++) pick[d] = d;
    for (let i = 0; i < a; i++) {
      const j = i + Math.floor(rand() * (ACTIVE_DAYS - i));
      const d = pick[j]!;
      pick[j] = pick[i]!;
      pick[i] = d;
      activeBits[m * WORDS + (d >>> 5)]! |= 1 << (d & 31);
    }
  }

  // Habits.
  const claimer = new Uint8Array(n);
  const spender = new Float32Array(n);
  const giftAt = new Float32Array(n);
  for (let m = 0; m < n; m++) {
    claimer[m] = rand() < 0.6 ? 1 : 0;
    spender[m] = rand() * 0.3;
    giftAt[m] = rand();
  }

  // Running state.
  const seen = new Uint8Array(n);
  const balance = new Float64Array(n);
  const earned = new Float64Array(n);
  const spent = new Float64Array(n);
  const firstAt = new Float64Array(n);
  const lastAt = new Float64Array(n);
  const reactTotal = new Int32Array(n);
  const reactDay = new Int32Array(n).fill(-1);
  const reactDayCount = new Uint8Array(n);
  const reactStreak = new Int16Array(n);
  const reactLongest = new Int16Array(n);
  const reactLastAt = new Float64Array(n);
  const claims = new Int16Array(n);
  const claimDay = new Int32Array(n).fill(-1);
  const claimStreak = new Int16Array(n);
  const claimLongest = new Int16Array(n);
  const claimLastAt = new Float64Array(n);

  const counts: FixtureCounts = { members: n, transactions: 0, byType: {}, reactions: 0, purchases: 0, refunds: 0, posts: 0, lastTransactionId: 0 };
  const byCode = new Float64Array(TYPE_NAMES.length);

  // Posts of every day, first (reactions refer to them).
  const posts = new Float64Array(ACTIVE_DAYS * POSTS_PER_DAY * 3);
  for (let d = 0, o = 0; d < ACTIVE_DAYS; d++) {
    for (let p = 0; p < POSTS_PER_DAY; p++, o += 3) {
      posts[o] = FIXTURE_CHANNEL;
      posts[o + 1] = postId(d, p);
      posts[o + 2] = postTime(firstDay + d, p);
    }
  }
  counts.posts = ACTIVE_DAYS * POSTS_PER_DAY;
  await sink.write('posts', { rows: counts.posts, cells: posts });
  const reactions = new ReactionBuffer();

  let nextTx = 1;
  let nextPurchase = 1;
  const postPick = new Int32Array(POSTS_PER_DAY);
  // One day's events, in generation order (each member's in time order).
  const ev = {
    member: [] as number[],
    type: [] as number[],
    amount: [] as number[],
    balance: [] as number[],
    at: [] as number[],
    post: [] as number[],
    aux: [] as number[],
  };
  const push = (m: number, type: number, amount: number, at: number, post: number, aux: number): number => {
    const i = ev.member.length;
    ev.member.push(m);
    ev.type.push(type);
    ev.amount.push(amount);
    balance[m]! += amount;
    ev.balance.push(balance[m]!);
    ev.at.push(at);
    ev.post.push(post);
    ev.aux.push(aux);
    if (firstAt[m] === 0) firstAt[m] = at;
    lastAt[m] = at;
    return i;
  };
  const earns: Array<{ at: number; type: number; amount: number; post: number; aux: number }> = [];

  for (let d = 0; d < ACTIVE_DAYS; d++) {
    const day = firstDay + d;
    const dayStart = day * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    for (const key of Object.keys(ev) as Array<keyof typeof ev>) ev[key].length = 0;

    for (let m = 0; m < n; m++) {
      if ((activeBits[m * WORDS + (d >>> 5)]! & (1 << (d & 31))) === 0) continue;
      const a = activeDays[m]!;
      const rows = rowsOf[m]!;
      const j = seen[m]!;
      seen[m] = j + 1;
      const q = Math.floor(rows / a) + (j < rows % a ? 1 : 0);
      const gift = q >= 2 && (claimer[m] === 1 || q > MAX_ROWS_PER_DAY - 2);
      let k = q - (gift ? 2 : 0);
      const streak = gift ? (claimDay[m] === day - 1 ? claimStreak[m]! + 1 : 1) : 0;
      const bonus = gift ? Math.min(settings['daily.bonus_per_day'] * streak, settings['daily.bonus_cap']) : 0;
      const firstReaction = reward !== null && k >= 1 && reactTotal[m] === 0;
      if (firstReaction && k >= 2) k--;
      let adminCredit = 0;
      if (k >= 2 && rand() < ADMIN_CREDIT_CHANCE) {
        adminCredit = [50, 100, 200][Math.floor(rand() * 3)]!;
        k--;
      }
      // A spend takes the day's last slot when the day's earnings make it affordable.
      let spend: { type: number; amount: number; product: number } | null = null;
      if (k >= 2 && rand() < spender[m]!) {
        const available =
          balance[m]! + (gift ? settings['daily.base'] + bonus : 0) + reactAmount * (k - 1) + (firstReaction ? reward!.value : 0) + adminCredit;
        if (rand() < ADMIN_DEBIT_SHARE) {
          if (available >= 50) spend = { type: ADMIN_DEBIT, amount: 50, product: -1 };
        } else {
          let affordable = 0;
          while (affordable < FIXTURE_PRODUCTS.length && FIXTURE_PRODUCTS[affordable]!.price <= available) affordable++;
          if (affordable > 0) {
            const p = Math.floor(rand() * affordable);
            spend = { type: PURCHASE, amount: FIXTURE_PRODUCTS[p]!.price, product: p };
          }
        }
        if (spend) k--;
      }

      // The day's earnings with their times, then applied in time order.
      earns.length = 0;
      for (let p = 0; p < POSTS_PER_DAY; p++) postPick[p] = p;
      let firstReactAt = Infinity;
      let lastReactAt = 0;
      for (let i = 0; i < k; i++) {
        const r = i + Math.floor(rand() * (POSTS_PER_DAY - i));
        const p = postPick[r]!;
        postPick[r] = postPick[i]!;
        postPick[i] = p;
        // 30 s to 29 min after an hourly post: distinct posts are ≥ 31 min apart (cooldown 30 s).
        const at = postTime(day, p) + 30_000 + Math.floor(rand() * 28.5 * 60_000);
        earns.push({ at, type: REACTION, amount: reactAmount, post: p, aux: Math.floor(rand() * emojis.length) });
        firstReactAt = Math.min(firstReactAt, at);
        lastReactAt = Math.max(lastReactAt, at);
      }
      if (firstReaction) earns.push({ at: firstReactAt + 200, type: REWARD, amount: reward!.value, post: -1, aux: 0 });
      let giftTime = 0;
      if (gift) {
        giftTime = dayStart + Math.floor(giftAt[m]! * (DAY_MS - 1));
        earns.push({ at: giftTime, type: DAILY, amount: settings['daily.base'], post: -1, aux: streak });
        earns.push({ at: giftTime, type: STREAK, amount: bonus, post: -1, aux: streak });
      }
      if (adminCredit > 0) earns.push({ at: dayStart + Math.floor(rand() * (DAY_MS - 1)), type: ADMIN_CREDIT, amount: adminCredit, post: -1, aux: 0 });
      earns.sort((x, y) => x.at - y.at); // stable: the daily gift before its bonus
      let last = dayStart;
      for (const e of earns) {
        push(m, e.type, e.amount, e.at, e.post, e.aux);
        earned[m]! += e.amount;
        last = e.at;
      }
      if (spend) {
        const at = last + 1 + Math.floor(rand() * ((dayEnd - 2 - last) / 2));
        const i = push(m, spend.type, -spend.amount, at, -1, spend.product);
        spent[m]! += spend.amount;
        if (spend.type === PURCHASE && rand() < REFUND_CHANCE) {
          push(m, REFUND, spend.amount, Math.min(at + 60_000, dayEnd - 1), -1, i);
          spent[m]! -= spend.amount;
        }
      }

      if (k > 0) {
        reactTotal[m]! += k;
        reactDayCount[m] = k;
        reactLastAt[m] = lastReactAt;
        reactStreak[m] = reactDay[m] === day - 1 ? reactStreak[m]! + 1 : 1;
        reactLongest[m] = Math.max(reactLongest[m]!, reactStreak[m]!);
        reactDay[m] = day;
      }
      if (gift) {
        claims[m]!++;
        claimDay[m] = day;
        claimStreak[m] = streak;
        claimLongest[m] = Math.max(claimLongest[m]!, streak);
        claimLastAt[m] = giftTime;
      }
    }

    // Ids in time order across members (ties: generation order, which keeps each member's).
    const total = ev.member.length;
    const keys = new Float64Array(total);
    for (let i = 0; i < total; i++) keys[i] = (ev.at[i]! - dayStart) * SEQ_BITS + i;
    keys.sort();
    const txOf = new Float64Array(total);
    // Where each purchase event's row starts in `purchases` (a refund rewrites it).
    const purchaseRowOf = new Map<number, number>();
    const transactions = new Float64Array(total * TX.width);
    const purchases: Cell[] = [];
    const rewards: Cell[] = [];
    for (let s = 0, o = 0; s < total; s++, o += TX.width) {
      const i = keys[s]! % SEQ_BITS;
      const m = ev.member[i]!;
      const memberId = FIRST_FIXTURE_MEMBER + m;
      const type = ev.type[i]!;
      const amount = ev.amount[i]!;
      const at = ev.at[i]!;
      const id = nextTx++;
      txOf[i] = id;
      let x = 0;
      let y = 0;
      switch (type) {
        case REACTION:
          x = postId(d, ev.post[i]!);
          y = ev.aux[i]!;
          reactions.push(m, x, y, id, at);
          break;
        case DAILY:
        case STREAK:
          x = ev.aux[i]!;
          y = day;
          break;
        case REWARD:
          rewards.push(memberId, reward!.id, 1, 'CLAIMED', at, null, at, 'BESITOS', amount, 0, id);
          break;
        case PURCHASE: {
          const product = FIXTURE_PRODUCTS[ev.aux[i]!]!;
          const pid = nextPurchase++;
          x = ev.aux[i]!;
          y = pid;
          purchaseRowOf.set(i, purchases.length);
          purchases.push(pid, memberId, product.id, `fixture:${pid}`, product.price, id, 'COMPLETED', null, at + 2_000, null, at);
          counts.purchases++;
          break;
        }
        case REFUND: {
          // The purchase it gives back is the event in aux (earlier, so its id is known).
          const row = purchaseRowOf.get(ev.aux[i]!)!;
          x = txOf[ev.aux[i]!]!;
          y = purchases[row] as number;
          purchases[row + 6] = 'REFUNDED';
          purchases[row + 7] = id;
          purchases[row + 8] = null;
          purchases[row + 9] = at;
          counts.refunds++;
          break;
        }
        default: // admin credits and debits: all they say is in their code
      }
      transactions[o + TX.id] = id;
      transactions[o + TX.member] = memberId;
      transactions[o + TX.amount] = amount;
      transactions[o + TX.code] = type;
      transactions[o + TX.x] = x;
      transactions[o + TX.y] = y;
      transactions[o + TX.balance] = ev.balance[i]!;
      transactions[o + TX.at] = at;
      byCode[type]!++;
    }
    counts.transactions += total;
    await sink.write('transactions', { rows: total, cells: transactions });
    if (purchases.length > 0) await sink.write('purchases', { rows: purchases.length / FIXTURE_COLUMNS.purchases.length, cells: purchases });
    if (rewards.length > 0) await sink.write('member_rewards', { rows: rewards.length / FIXTURE_COLUMNS.member_rewards.length, cells: rewards });
  }
  counts.lastTransactionId = nextTx - 1;
  TYPE_NAMES.forEach((name, code) => (counts.byType[name] = byCode[code]!));
  counts.reactions = reactions.length;
  await reactions.writeByKey(sink, reactTotal);

  // The members, their profiles and their state rows, as the last movement left them.
  const nextLevelOf = new Map<number, number>();
  for (let from = 0; from < n; from += WRITE_CHUNK) {
    const to = Math.min(n, from + WRITE_CHUNK);
    const members: Cell[] = [];
    const profiles = new Rows(to - from, FIXTURE_COLUMNS.profiles.length);
    const reactionState = new Rows(to - from, FIXTURE_COLUMNS.reaction_state.length);
    const dailyState = new Rows(to - from, FIXTURE_COLUMNS.daily_state.length);
    for (let m = from; m < to; m++) {
      const id = FIRST_FIXTURE_MEMBER + m;
      const first = FIRST_NAMES[m % FIRST_NAMES.length]!;
      const shape = (m * 2_654_435_761) % 100; // a fixed spread of who has a username, a last name, a language
      const username = shape < 70 ? `${first.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase()}_${m.toString(36)}` : null;
      const lastName = shape % 3 === 0 ? LAST_NAMES[m % LAST_NAMES.length]! : null;
      const language = shape < 65 ? 'es' : shape < 90 ? 'en' : null;
      members.push(id, username, first, lastName, 'FREE', language, shape % 4 === 0 ? 1 : 0, shape < 60 ? firstAt[m]! : null, firstAt[m]!, lastAt[m]!);
      const total = earned[m]!;
      const level = formula.level(total);
      let next = nextLevelOf.get(level);
      if (next === undefined) {
        next = formula.nextLevelAt(total) ?? 2 ** 53;
        nextLevelOf.set(level, next);
      }
      profiles.add8(id, balance[m]!, total, spent[m]!, level, next, firstAt[m]!, lastAt[m]!);
      if (reactTotal[m]! > 0) {
        reactionState.add8(id, reactLastAt[m]!, reactDay[m]!, reactDayCount[m]!, reactStreak[m]!, reactLongest[m]!, reactDay[m]!, reactTotal[m]!);
      }
      if (claims[m]! > 0) dailyState.add8(id, claimDay[m]!, claimStreak[m]!, claimLongest[m]!, claims[m]!, claimLastAt[m]!);
    }
    await sink.write('members', { rows: to - from, cells: members });
    await sink.write('profiles', profiles.batch());
    if (reactionState.rows > 0) await sink.write('reaction_state', reactionState.batch());
    if (dailyState.rows > 0) await sink.write('daily_state', dailyState.batch());
  }
  return counts;
}

/** Numeric rows of one width, filled in place (no array per row). */
class Rows {
  readonly cells: Float64Array;
  rows = 0;
  constructor(
    capacity: number,
    private readonly width: number,
  ) {
    this.cells = new Float64Array(capacity * width);
  }
  /** Up to eight cells; a narrower table ignores the rest. */
  add8(a: number, b: number, c: number, d: number, e: number, f: number, g = 0, h = 0): void {
    const o = this.rows++ * this.width;
    const cells = this.cells;
    cells[o] = a;
    cells[o + 1] = b;
    cells[o + 2] = c;
    cells[o + 3] = d;
    cells[o + 4] = e;
    cells[o + 5] = f;
    if (this.width > 6) cells[o + 6] = g;
    if (this.width > 7) cells[o + 7] = h;
  }
  batch(): FixtureBatch {
    return { rows: this.rows, cells: this.cells.subarray(0, this.rows * this.width) };
  }
}

/**
 * Every reaction of the fixture, kept in typed arrays (≈ 25 bytes each) and written once
 * the days are done, in the order of the table's primary key (channel, post, member; 0017):
 * the key's B-tree then grows at its end only, where day-by-day rows land all over it
 * (random B-tree inserts were the slowest part of the SQLite load).
 */
class ReactionBuffer {
  length = 0;
  private member = new Int32Array(1 << 16);
  private post = new Int32Array(1 << 16);
  private emoji = new Uint8Array(1 << 16);
  private tx = new Float64Array(1 << 16);
  private at = new Float64Array(1 << 16);

  push(member: number, post: number, emoji: number, tx: number, at: number): void {
    if (this.length === this.member.length) this.grow();
    const i = this.length++;
    this.member[i] = member;
    this.post[i] = post;
    this.emoji[i] = emoji;
    this.tx[i] = tx;
    this.at[i] = at;
  }

  /** `perMember[m]`: how many reactions member m has (their total); first sorted by member, then stably by post. */
  async writeByKey(sink: FixtureSink, perMember: Int32Array): Promise<void> {
    // Counting sort by member (stable: each member's in time order).
    const start = new Float64Array(perMember.length + 1);
    for (let m = 0; m < perMember.length; m++) start[m + 1] = start[m]! + perMember[m]!;
    const next = start.slice(0, perMember.length);
    const order = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) order[next[this.member[i]!]!++] = i;
    const post = this.post;
    // Then a stable counting sort by post (one channel): by post, each post's members ascending.
    let maxPost = 0;
    for (let i = 0; i < this.length; i++) maxPost = Math.max(maxPost, post[i]!);
    const postStart = new Float64Array(maxPost + 2);
    for (let i = 0; i < this.length; i++) postStart[post[i]! + 1]!++;
    for (let p = 0; p <= maxPost; p++) postStart[p + 1]! += postStart[p]!;
    const byPost = new Int32Array(this.length);
    for (let j = 0; j < this.length; j++) {
      const i = order[j]!;
      byPost[postStart[post[i]!]!++] = i;
    }
    for (let from = 0; from < this.length; from += WRITE_CHUNK) {
      const rows = Math.min(WRITE_CHUNK, this.length - from);
      const cells = new Float64Array(rows * RX.width);
      for (let r = 0, o = 0; r < rows; r++, o += RX.width) {
        const i = byPost[from + r]!;
        cells[o + RX.member] = FIRST_FIXTURE_MEMBER + this.member[i]!;
        cells[o + RX.post] = post[i]!;
        cells[o + RX.emoji] = this.emoji[i]!;
        cells[o + RX.tx] = this.tx[i]!;
        cells[o + RX.at] = this.at[i]!;
      }
      await sink.write('reactions', { rows, cells });
    }
  }

  private grow(): void {
    const size = this.member.length * 2;
    const grown = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.member = grown(this.member, (k) => new Int32Array(k));
    this.post = grown(this.post, (k) => new Int32Array(k));
    this.emoji = grown(this.emoji, (k) => new Uint8Array(k));
    this.tx = grown(this.tx, (k) => new Float64Array(k));
    this.at = grown(this.at, (k) => new Float64Array(k));
  }
}
