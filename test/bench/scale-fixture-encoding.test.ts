/**
 * The scale fixture's two encoders of the text columns (fixture-encoding.ts) must write what
 * the engine writes, and the same on both databases: PostgreSQL's COPY text (made in the
 * generator's thread) and SQLite's INSERT … SELECT (made by SQLite) of one batch holding
 * every movement code, compared field by field with the engine's formats.
 */
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CopyBytes, copyEncoder, fixtureText, sqliteInsert } from '../../src/bench/scale/fixture-encoding.js';
import {
  ADMIN_CREDIT,
  ADMIN_DEBIT,
  DAILY,
  FIXTURE_COLUMNS,
  PURCHASE,
  REACTION,
  REFUND,
  REWARD,
  RX,
  STREAK,
  TX,
} from '../../src/bench/scale/fixture-generator.js';
import { FIXTURE_CHANNEL } from '../../src/bench/scale/fixture-shape.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings/settings-schema.js';

const FIRST_DAY = 20_400; // 2025-11-08
const text = fixtureText({ id: 7, name: "Primera reacción 'uno'\tdos", value: 10 }, FIRST_DAY);
const emojis = DEFAULT_SETTINGS['reactions.emojis'];

/** [code, x, y] per row, with what the engine writes for it: type, reason, metadata, key. */
const CASES: Array<[number, number, number, string, string, string, string | null]> = [
  [REACTION, 1_234, 2, 'EARN_REACTION', '', JSON.stringify({ channel: FIXTURE_CHANNEL, post: 1_234, emoji: emojis[2] }), `reaction:${FIXTURE_CHANNEL}:1234`],
  [DAILY, 3, FIRST_DAY + 89, 'EARN_DAILY', '', '{"day":"2026-02-05","streak":3}', `daily:${FIRST_DAY + 89}`],
  [STREAK, 12, FIRST_DAY, 'EARN_STREAK', '', '{"day":"2025-11-08","streak":12}', `streak:${FIRST_DAY}`],
  [REWARD, 0, 0, 'EARN_REWARD', "Primera reacción 'uno'\tdos", '{"rewardId":7,"occurrence":1}', 'reward:7:1'],
  [ADMIN_CREDIT, 0, 0, 'EARN_ADMIN', 'Premio del sorteo', '{"admin_id":100000001}', null],
  [PURCHASE, 3, 51_999, 'SPEND_SHOP', 'shop: Colección completa', JSON.stringify({ product_id: 4, confirmation_key: 'fixture:51999' }), 'purchase:fixture:51999'],
  [ADMIN_DEBIT, 0, 0, 'SPEND_ADMIN', 'Corrección de saldo', '{"admin_id":100000001}', null],
  [REFUND, 10_455_000, 51_999, 'REFUND_SHOP', 'refund: delivery failed', '{"refund_of":10455000,"purchase_id":51999}', 'refund:10455000'],
];

function transactionsBatch(): Float64Array {
  const cells = new Float64Array(CASES.length * TX.width);
  CASES.forEach(([code, x, y], r) => {
    const o = r * TX.width;
    cells[o + TX.id] = 9_000_000 + r;
    cells[o + TX.member] = 200_000_001 + r;
    cells[o + TX.amount] = code === PURCHASE || code === ADMIN_DEBIT ? -50 : 25;
    cells[o + TX.code] = code;
    cells[o + TX.x] = x;
    cells[o + TX.y] = y;
    cells[o + TX.balance] = 1_000 + r;
    cells[o + TX.at] = 1_765_000_000_000 + r;
  });
  return cells;
}

/** COPY text fields back to values (the inverse of its escapes; \N is null). */
function copyRows(bytes: Uint8Array): Array<Array<string | null>> {
  const unescape = (f: string) => (f === '\\N' ? null : f.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c));
  return new TextDecoder()
    .decode(bytes)
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t').map(unescape));
}

function sqliteRows(table: 'transactions' | 'reactions', cells: Float64Array, rows: number): Array<Array<string | null>> {
  const db = new SqliteDatabase(':memory:');
  db.exec(`create table ${table} (${FIXTURE_COLUMNS[table].join(', ')})`);
  db.prepare(sqliteInsert(table, rows, text)).run([...cells]);
  return (db.prepare(`select * from ${table}`).raw().all() as unknown[][]).map((r) => r.map((v) => (v === null ? null : String(v))));
}

describe('scale fixture encoding', () => {
  it("writes every movement's type, reason, metadata and key as the engine does, the same on both databases", () => {
    const cells = transactionsBatch();
    const out = new CopyBytes(1 << 16);
    copyEncoder(text)('transactions', { rows: CASES.length, cells }, out);
    const copied = copyRows(out.take());
    const inserted = sqliteRows('transactions', cells, CASES.length);
    CASES.forEach(([, , , type, reason, metadata, key], r) => {
      const expected = [
        String(9_000_000 + r),
        String(200_000_001 + r),
        String(cells[r * TX.width + TX.amount]),
        type,
        reason,
        metadata,
        key,
        String(1_000 + r),
        String(1_765_000_000_000 + r),
      ];
      expect(copied[r]).toEqual(expected);
      expect(inserted[r]).toEqual(expected);
    });
  });

  it('writes reactions with the channel and emoji, the same on both databases', () => {
    const cells = new Float64Array(emojis.length * RX.width);
    emojis.forEach((_, r) => {
      const o = r * RX.width;
      cells[o + RX.member] = 200_000_001 + r;
      cells[o + RX.post] = 100 + r;
      cells[o + RX.emoji] = r;
      cells[o + RX.tx] = 5_000 + r;
      cells[o + RX.at] = 1_765_000_000_000 + r;
    });
    const out = new CopyBytes(1 << 10); // small: the buffer grows
    copyEncoder(text)('reactions', { rows: emojis.length, cells }, out);
    const expected = emojis.map((e, r) => [String(200_000_001 + r), String(FIXTURE_CHANNEL), String(100 + r), e, String(5_000 + r), String(1_765_000_000_000 + r)]);
    expect(copyRows(out.take())).toEqual(expected);
    expect(sqliteRows('reactions', cells, emojis.length)).toEqual(expected);
  });

  it('writes other tables cell by cell: NaN and null as null, text escaped for COPY', () => {
    const out = new CopyBytes(64);
    copyEncoder(text)('daily_state', { rows: 1, cells: new Float64Array([200_000_001, 20_489, 3, NaN, -4, 1.5]) }, out);
    copyEncoder(text)('members', { rows: 1, cells: [1, 'a\\b', 'tab\there', null, 'FREE', 'es', 0, null, 2, 3] }, out);
    expect(copyRows(out.take())).toEqual([
      ['200000001', '20489', '3', null, '-4', '1.5'],
      ['1', 'a\\b', 'tab\there', null, 'FREE', 'es', '0', null, '2', '3'],
    ]);
  });
});
