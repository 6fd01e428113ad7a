/**
 * The text columns of the fixture's movements and reactions, made from the numbers the
 * generator emits (fixture-generator.ts, TX and RX): exactly what the engine writes
 * (`reaction:<channel>:<post>`, `daily:<day>`, `{"day":"2026-01-02","streak":3}`, …).
 * PostgreSQL gets them as COPY text lines (built in the generator's worker thread);
 * SQLite builds them itself, in the INSERT's SELECT, so the loading thread binds numbers
 * only (a bound string costs about six times a bound number in better-sqlite3).
 */
import { dayLabel } from '../../core/economy-day.js';
import { DEFAULT_SETTINGS } from '../../core/settings/settings-schema.js';
import {
  ADMIN_CREDIT,
  ADMIN_CREDIT_REASON,
  ADMIN_DEBIT,
  ADMIN_DEBIT_REASON,
  DAILY,
  FIXTURE_COLUMNS,
  PURCHASE,
  REACTION,
  REFUND,
  REFUND_REASON,
  REWARD,
  RX,
  STREAK,
  TX,
  TYPE_NAMES,
  batchWidth,
  type Cell,
  type FixtureBatch,
  type FixtureReward,
  type FixtureTable,
} from './fixture-generator.js';
import { ACTIVE_DAYS, FIXTURE_ADMIN, FIXTURE_CHANNEL, FIXTURE_PRODUCTS } from './fixture-shape.js';

/** What the text columns depend on besides the numbers: the seeded reward, the emojis, the days. */
export interface FixtureText {
  reward: FixtureReward | null;
  emojis: readonly string[];
  /** Economy day number of the first day; daily gifts fall on it and the ACTIVE_DAYS − 1 after. */
  firstDay: number;
}

const ADMIN_METADATA = `{"admin_id":${FIXTURE_ADMIN}}`;
const shopReason = (p: number) => `shop: ${FIXTURE_PRODUCTS[p]!.name}`;
/** `{"product_id":1,"confirmation_key":"fixture:` + purchase id + `"}` (JSON.stringify's order). */
const purchaseMetadataHead = (p: number) => `{"product_id":${FIXTURE_PRODUCTS[p]!.id},"confirmation_key":"fixture:`;
const rewardMetadata = (r: FixtureReward) => `{"rewardId":${r.id},"occurrence":1}`;
const reactionMetadataHead = `{"channel":${FIXTURE_CHANNEL},"post":`;
const emojiTail = (e: string) => `,"emoji":${JSON.stringify(e)}}`;

// ---------------------------------------------------------------- PostgreSQL: COPY text

/** COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
function field(value: Cell): string {
  if (value === null || (typeof value === 'number' && Number.isNaN(value))) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}

const utf8 = new TextEncoder();
const TAB = 9;
const NEWLINE = 10;
const MINUS = 45;
const ZERO = 48;

/**
 * COPY text written straight into bytes: digits of integers and pre-encoded constant pieces,
 * no string per row or per field (the strings' garbage collection took a third of the
 * generator's thread). `take()` hands the bytes over and starts a new buffer.
 */
export class CopyBytes {
  private buf: Uint8Array;
  pos = 0;
  constructor(private readonly size: number) {
    this.buf = new Uint8Array(size);
  }
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }
  /** A whole number (|n| < 2^53), in decimal. */
  int(n: number): void {
    this.room(17);
    const buf = this.buf;
    if (n < 0) {
      buf[this.pos++] = MINUS;
      n = -n;
    }
    let digits = 1;
    for (let v = n; v >= 10; v = Math.floor(v / 10)) digits++;
    let at = this.pos + digits;
    this.pos = at;
    do {
      const q = Math.floor(n / 10);
      buf[--at] = ZERO + (n - q * 10);
      n = q;
    } while (n > 0);
  }
  text(s: string): void {
    this.room(s.length * 3);
    this.pos += utf8.encodeInto(s, this.buf.subarray(this.pos)).written;
  }
  cell(v: Cell): void {
    if (typeof v === 'number' && Number.isInteger(v)) this.int(v);
    else this.text(field(v));
  }
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.buf = new Uint8Array(this.size);
    this.pos = 0;
    return out;
  }
}

/** Writes a batch's COPY text lines into `out`; one encoder per load (it caches day labels). */
export function copyEncoder(text: FixtureText): (table: FixtureTable, batch: FixtureBatch, out: CopyBytes) => void {
  const b = (s: string) => utf8.encode(s);
  const emojiTails = text.emojis.map((e) => b(field(emojiTail(e))));
  const emojiFields = text.emojis.map((e) => b(field(e)));
  const reward = text.reward;
  const rewardReason = b(reward ? field(reward.name) : '');
  const rewardMeta = b(reward ? field(rewardMetadata(reward)) : '');
  const rewardKey = b(reward ? `reward:${reward.id}:1` : '');
  const shop = FIXTURE_PRODUCTS.map((_, p) => b(field(shopReason(p))));
  const purchaseHead = FIXTURE_PRODUCTS.map((_, p) => b(field(purchaseMetadataHead(p))));
  const typeNames = TYPE_NAMES.map((t) => b(`\t${t}\t`));
  const adminCredit = b(`${field(ADMIN_CREDIT_REASON)}\t${ADMIN_METADATA}\t\\N`);
  const adminDebit = b(`${field(ADMIN_DEBIT_REASON)}\t${ADMIN_METADATA}\t\\N`);
  const reactionHead = b(`\t${reactionMetadataHead}`);
  const reactionKey = b(`\treaction:${FIXTURE_CHANNEL}:`);
  const dayHeads = new Map<number, Uint8Array>();
  const dayHead = (day: number) => {
    let h = dayHeads.get(day);
    if (h === undefined) dayHeads.set(day, (h = b(`\t{"day":"${dayLabel(day)}","streak":`)));
    return h;
  };
  const dailyKey = b('}\tdaily:');
  const streakKey = b('}\tstreak:');
  const purchaseTail = b('"}\tpurchase:fixture:');
  const refundOf = b(`${field(REFUND_REASON)}\t{"refund_of":`);
  const purchaseId = b(',"purchase_id":');
  const refundKey = b('}\trefund:');
  const channel = b(`\t${FIXTURE_CHANNEL}\t`);

  const transaction = (c: Float64Array, o: number, w: CopyBytes): void => {
    const code = c[o + TX.code]!;
    const x = c[o + TX.x]!;
    const y = c[o + TX.y]!;
    w.int(c[o + TX.id]!);
    w.byte(TAB);
    w.int(c[o + TX.member]!);
    w.byte(TAB);
    w.int(c[o + TX.amount]!);
    w.bytes(typeNames[code]!);
    // reason \t metadata \t key
    switch (code) {
      case REACTION:
        w.bytes(reactionHead);
        w.int(x);
        w.bytes(emojiTails[y]!);
        w.bytes(reactionKey);
        w.int(x);
        break;
      case DAILY:
      case STREAK:
        w.bytes(dayHead(y));
        w.int(x);
        w.bytes(code === DAILY ? dailyKey : streakKey);
        w.int(y);
        break;
      case REWARD:
        w.bytes(rewardReason);
        w.byte(TAB);
        w.bytes(rewardMeta);
        w.byte(TAB);
        w.bytes(rewardKey);
        break;
      case ADMIN_CREDIT:
        w.bytes(adminCredit);
        break;
      case ADMIN_DEBIT:
        w.bytes(adminDebit);
        break;
      case PURCHASE:
        w.bytes(shop[x]!);
        w.byte(TAB);
        w.bytes(purchaseHead[x]!);
        w.int(y);
        w.bytes(purchaseTail);
        w.int(y);
        break;
      default: // REFUND
        w.bytes(refundOf);
        w.int(x);
        w.bytes(purchaseId);
        w.int(y);
        w.bytes(refundKey);
        w.int(x);
    }
    w.byte(TAB);
    w.int(c[o + TX.balance]!);
    w.byte(TAB);
    w.int(c[o + TX.at]!);
    w.byte(NEWLINE);
  };
  const reaction = (c: Float64Array, o: number, w: CopyBytes): void => {
    w.int(c[o + RX.member]!);
    w.bytes(channel);
    w.int(c[o + RX.post]!);
    w.byte(TAB);
    w.bytes(emojiFields[c[o + RX.emoji]!]!);
    w.byte(TAB);
    w.int(c[o + RX.tx]!);
    w.byte(TAB);
    w.int(c[o + RX.at]!);
    w.byte(NEWLINE);
  };

  return (table, { rows, cells }, w) => {
    const width = batchWidth(table);
    if (table === 'transactions' || table === 'reactions') {
      const line = table === 'transactions' ? transaction : reaction;
      for (let r = 0; r < rows; r++) line(cells as Float64Array, r * width, w);
      return;
    }
    for (let r = 0, o = 0; r < rows; r++) {
      for (let c = 0; c < width; c++) {
        if (c > 0) w.byte(TAB);
        w.cell(cells[o++]!);
      }
      w.byte(NEWLINE);
    }
  };
}

// ---------------------------------------------------------------- SQLite: INSERT … SELECT

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const int = (column: string) => `cast(${column} as integer)`;
const caseOf = (on: string, branches: Array<[number, string]>, otherwise: string) =>
  `case ${on} ${branches.map(([k, v]) => `when ${k} then ${v}`).join(' ')} else ${otherwise} end`;

/**
 * The INSERT of `rows` rows of `table` with one `?` per batch cell: a VALUES list, and for
 * transactions and reactions a SELECT over it that makes the text columns (VALUES' columns
 * are column1, column2, …; numbers arrive as REAL, hence the casts inside strings).
 */
export function sqliteInsert(table: FixtureTable, rows: number, text: FixtureText): string {
  const width = batchWidth(table);
  const tuple = `(${new Array(width).fill('?').join(',')})`;
  const values = new Array(rows).fill(tuple).join(',');
  const into = `insert into ${table} (${FIXTURE_COLUMNS[table].join(',')})`;
  const col = (i: number) => `column${i + 1}`;
  if (table === 'reactions') {
    const emoji = caseOf(col(RX.emoji), text.emojis.map((e, i) => [i, lit(e)]), 'null');
    return `${into} select ${col(RX.member)}, ${FIXTURE_CHANNEL}, ${col(RX.post)}, ${emoji}, ${col(RX.tx)}, ${col(RX.at)} from (values ${values})`;
  }
  if (table !== 'transactions') return `${into} values ${values}`;
  const code = col(TX.code);
  const x = int(col(TX.x));
  const y = int(col(TX.y));
  // A daily gift's day label, cut from all the days' labels in a row: date() cost about
  // 0.35 µs of CPU a call, 6 % of the movements' insert (1.14 against 1.07 µs a row).
  const labels = Array.from({ length: ACTIVE_DAYS }, (_, d) => dayLabel(text.firstDay + d)).join('');
  const label = `substr('${labels}', (${y} - ${text.firstDay}) * 10 + 1, 10)`;
  const products = FIXTURE_PRODUCTS.map((_, p) => p);
  const r = text.reward;
  const type = caseOf(code, TYPE_NAMES.map((name, c) => [c, lit(name)]), 'null');
  const reason = caseOf(
    code,
    [
      [REWARD, r ? lit(r.name) : "''"],
      [ADMIN_CREDIT, lit(ADMIN_CREDIT_REASON)],
      [ADMIN_DEBIT, lit(ADMIN_DEBIT_REASON)],
      [PURCHASE, caseOf(x, products.map((p) => [p, lit(shopReason(p))]), 'null')],
      [REFUND, lit(REFUND_REASON)],
    ],
    "''",
  );
  const metadata = caseOf(
    code,
    [
      [REACTION, `${lit(reactionMetadataHead)} || ${x} || ${caseOf(int(col(TX.y)), text.emojis.map((e, i) => [i, lit(emojiTail(e))]), 'null')}`],
      [DAILY, `'{"day":"' || ${label} || '","streak":' || ${x} || '}'`],
      [STREAK, `'{"day":"' || ${label} || '","streak":' || ${x} || '}'`],
      [REWARD, r ? lit(rewardMetadata(r)) : 'null'],
      [ADMIN_CREDIT, lit(ADMIN_METADATA)],
      [ADMIN_DEBIT, lit(ADMIN_METADATA)],
      [PURCHASE, `${caseOf(x, products.map((p) => [p, lit(purchaseMetadataHead(p))]), 'null')} || ${y} || '"}'`],
      [REFUND, `'{"refund_of":' || ${x} || ',"purchase_id":' || ${y} || '}'`],
    ],
    'null',
  );
  const key = caseOf(
    code,
    [
      [REACTION, `${lit(`reaction:${FIXTURE_CHANNEL}:`)} || ${x}`],
      [DAILY, `'daily:' || ${y}`],
      [STREAK, `'streak:' || ${y}`],
      [REWARD, r ? lit(`reward:${r.id}:1`) : 'null'],
      [PURCHASE, `'purchase:fixture:' || ${y}`],
      [REFUND, `'refund:' || ${x}`],
    ],
    'null',
  );
  return `${into} select ${col(TX.id)}, ${col(TX.member)}, ${col(TX.amount)}, ${type}, ${reason}, ${metadata}, ${key}, ${col(TX.balance)}, ${col(TX.at)} from (values ${values})`;
}

/** The fixture's text context: the seeded reward and the default emojis (the generator's). */
export function fixtureText(reward: FixtureReward | null, firstDay: number): FixtureText {
  return { reward, emojis: DEFAULT_SETTINGS['reactions.emojis'], firstDay };
}
