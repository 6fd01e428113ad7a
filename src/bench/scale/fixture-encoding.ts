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
import { FIXTURE_ADMIN, FIXTURE_CHANNEL, FIXTURE_PRODUCTS } from './fixture-shape.js';

/** What the text columns depend on besides the numbers: the seeded reward and the emojis. */
export interface FixtureText {
  reward: FixtureReward | null;
  emojis: readonly string[];
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

/** Makes COPY text lines (each ending in \n) of a batch; one instance per load (it caches labels). */
export function copyEncoder(text: FixtureText): (table: FixtureTable, batch: FixtureBatch) => string {
  const emojiTails = text.emojis.map((e) => field(emojiTail(e)));
  const emojiFields = text.emojis.map((e) => field(e));
  const rewardReason = text.reward ? field(text.reward.name) : '';
  const rewardMeta = text.reward ? field(rewardMetadata(text.reward)) : '';
  const rewardKey = text.reward ? `reward:${text.reward.id}:1` : '';
  const shop = FIXTURE_PRODUCTS.map((_, p) => field(shopReason(p)));
  const purchaseHead = FIXTURE_PRODUCTS.map((_, p) => field(purchaseMetadataHead(p)));
  const labels = new Map<number, string>();
  const label = (day: number) => {
    let l = labels.get(day);
    if (l === undefined) labels.set(day, (l = dayLabel(day)));
    return l;
  };

  const transaction = (c: Float64Array, o: number): string => {
    const code = c[o + TX.code]!;
    const x = c[o + TX.x]!;
    const y = c[o + TX.y]!;
    let reason = '';
    let metadata: string;
    let key = '\\N';
    switch (code) {
      case REACTION:
        metadata = `${reactionMetadataHead}${x}${emojiTails[y]!}`;
        key = `reaction:${FIXTURE_CHANNEL}:${x}`;
        break;
      case DAILY:
      case STREAK:
        metadata = `{"day":"${label(y)}","streak":${x}}`;
        key = `${code === DAILY ? 'daily' : 'streak'}:${y}`;
        break;
      case REWARD:
        reason = rewardReason;
        metadata = rewardMeta;
        key = rewardKey;
        break;
      case ADMIN_CREDIT:
      case ADMIN_DEBIT:
        reason = code === ADMIN_CREDIT ? ADMIN_CREDIT_REASON : ADMIN_DEBIT_REASON;
        metadata = ADMIN_METADATA;
        break;
      case PURCHASE:
        reason = shop[x]!;
        metadata = `${purchaseHead[x]!}${y}"}`;
        key = `purchase:fixture:${y}`;
        break;
      default: // REFUND
        reason = REFUND_REASON;
        metadata = `{"refund_of":${x},"purchase_id":${y}}`;
        key = `refund:${x}`;
    }
    return `${c[o + TX.id]}\t${c[o + TX.member]}\t${c[o + TX.amount]}\t${TYPE_NAMES[code]}\t${reason}\t${metadata}\t${key}\t${c[o + TX.balance]}\t${c[o + TX.at]}\n`;
  };
  const reaction = (c: Float64Array, o: number): string =>
    `${c[o + RX.member]}\t${FIXTURE_CHANNEL}\t${c[o + RX.post]}\t${emojiFields[c[o + RX.emoji]!]}\t${c[o + RX.tx]}\t${c[o + RX.at]}\n`;

  return (table, { rows, cells }) => {
    const width = batchWidth(table);
    const parts: string[] = new Array(rows);
    if (table === 'transactions' || table === 'reactions') {
      const line = table === 'transactions' ? transaction : reaction;
      for (let r = 0; r < rows; r++) parts[r] = line(cells as Float64Array, r * width);
    } else {
      for (let r = 0, o = 0; r < rows; r++) {
        let l = field(cells[o++]!);
        for (let c = 1; c < width; c++) l += `\t${field(cells[o++]!)}`;
        parts[r] = `${l}\n`;
      }
    }
    return parts.join('');
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
      [DAILY, `'{"day":"' || date(${y} * 86400, 'unixepoch') || '","streak":' || ${x} || '}'`],
      [STREAK, `'{"day":"' || date(${y} * 86400, 'unixepoch') || '","streak":' || ${x} || '}'`],
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
export function fixtureText(reward: FixtureReward | null): FixtureText {
  return { reward, emojis: DEFAULT_SETTINGS['reactions.emojis'] };
}
