/**
 * A build from the last build's lines (board-lines.ts): after any updates (new totals,
 * members gone, newcomers, members without besitos, periods that no longer count) the lines
 * and each board's order equal a build from scratch of the same members.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyUpdates, boardKeys, type BoardLines, type TotalsRow } from '../../../src/core/leaderboards/board-lines.js';
import { BOARDS, type Board } from '../../../src/core/leaderboards/boards.js';
import { sortSteps, type SortKeys } from '../../../src/core/leaderboards/line-sort.js';

const periods: Record<Board, number> = { all: 0, week: 7, month: 3 };

/** Totals as the build reads them; ties are frequent (few scores, few times), ids unique per member. */
const totals = (member: number) =>
  fc
    .record({
      earned: fc.integer({ min: 0, max: 4 }),
      at: fc.integer({ min: 0, max: 3 }),
      week: fc.constantFrom(6, 7),
      weekScore: fc.integer({ min: 0, max: 4 }),
      month: fc.constantFrom(2, 3),
      monthScore: fc.integer({ min: 0, max: 4 }),
    })
    .map((t): TotalsRow => [member, t.earned, t.at, member * 3, t.week, t.weekScore, t.at, member * 3 + 1, t.month, t.monthScore, t.at, member * 3 + 2]);

const sortAll = async (rows: Uint32Array, keys: SortKeys) => {
  const steps = sortSteps(rows, keys, 7);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
};

/** A build from scratch: members with besitos in id order, each board sorted. */
async function fromScratch(rows: Map<number, TotalsRow>) {
  const members = [...rows.keys()].filter((m) => boardKeys(rows.get(m)!, periods).all).sort((a, b) => a - b);
  const keys = {} as Record<Board, SortKeys>;
  const orders = {} as Record<Board, number[]>;
  for (const b of BOARDS) {
    keys[b] = { score: new Float64Array(members.length), at: new Float64Array(members.length), id: new Float64Array(members.length) };
    members.forEach((m, row) => {
      const k = boardKeys(rows.get(m)!, periods)[b];
      if (k) [keys[b].score[row], keys[b].at[row], keys[b].id[row]] = k;
    });
    const on = Uint32Array.from(members.keys()).filter((row) => keys[b].score[row]! > 0);
    orders[b] = [...(await sortAll(on, keys[b]))];
  }
  return { lines: { members: Float64Array.from(members), keys } as BoardLines, orders };
}

describe('applyUpdates', () => {
  it('equals a build from scratch after any updates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 80 }), { maxLength: 60 }).chain((ids) =>
          fc.tuple(fc.tuple(...ids.map(totals)), fc.uniqueArray(fc.integer({ min: 1, max: 90 }), { maxLength: 40 })),
        ),
        fc.infiniteStream(fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1 }))),
        async ([initial, touched], kinds) => {
          const before = new Map(initial.map((r) => [Number(r[0]), r]));
          const start = await fromScratch(before);
          const after = new Map(before);
          const updates = new Map<number, TotalsRow | null>();
          const it = kinds[Symbol.iterator]();
          for (const id of touched) {
            // null: off every board (opted out); else new totals drawn from the id.
            const kind = it.next().value;
            const row: TotalsRow | null =
              kind === null ? null : [id, (id * 7 + kind) % 5, kind, id * 3, 7, (id + kind) % 4, kind, id * 3 + 1, 2 + kind, id % 3, kind, id * 3 + 2];
            updates.set(id, row);
            if (row) after.set(id, row);
            else after.delete(id);
          }
          const expected = await fromScratch(after);
          const orders = Object.fromEntries(BOARDS.map((b) => [b, Uint32Array.from(start.orders[b])])) as Record<Board, Uint32Array>;
          const got = await applyUpdates(start.lines, orders, updates, periods, sortAll);
          expect([...got.lines.members]).toEqual([...expected.lines.members]);
          for (const b of BOARDS) {
            expect([...got.orders[b]]).toEqual(expected.orders[b]);
            for (const k of ['score', 'at', 'id'] as const) expect([...got.lines.keys[b][k]]).toEqual([...expected.lines.keys[b][k]]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('equals a build from scratch when the updated members stay on the lines (their keys change in place)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 60 }).chain((ids) =>
          fc.tuple(
            fc.tuple(...ids.map(totals)),
            fc.subarray(ids),
            fc.tuple(...ids.map((id) => totals(id).filter((r) => Number(r[1]) > 0))),
          ),
        ),
        async ([initial, touched, later]) => {
          const before = new Map(initial.map((r) => [Number(r[0]), r]));
          const start = await fromScratch(before);
          const after = new Map(before);
          const updates = new Map<number, TotalsRow | null>();
          // Members on the lines (with besitos) get new totals that keep them there; members
          // off them (no besitos yet) stay off: not opted in (null) or still without besitos.
          for (const row of later) {
            const id = Number(row[0]);
            if (!touched.includes(id)) continue;
            if (boardKeys(before.get(id)!, periods).all) {
              updates.set(id, row);
              after.set(id, row);
            } else {
              updates.set(id, id % 2 === 0 ? null : before.get(id)!);
              if (id % 2 === 0) after.delete(id);
            }
          }
          const expected = await fromScratch(after);
          const orders = Object.fromEntries(BOARDS.map((b) => [b, Uint32Array.from(start.orders[b])])) as Record<Board, Uint32Array>;
          const got = await applyUpdates(start.lines, orders, updates, periods, sortAll);
          expect(got.lines.members).toBe(start.lines.members); // the rows stayed: nothing was copied
          expect([...got.lines.members]).toEqual([...expected.lines.members]);
          for (const b of BOARDS) {
            expect([...got.orders[b]]).toEqual(expected.orders[b]);
            for (const k of ['score', 'at', 'id'] as const) expect([...got.lines.keys[b][k]]).toEqual([...expected.lines.keys[b][k]]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lets other work in while it merges many lines, with the same result', async () => {
    const before = new Map<number, TotalsRow>();
    for (let m = 1; m <= 60_000; m++) before.set(m, [m, 1 + (m % 97), m % 13, m * 3, 7, m % 5, m % 13, m * 3 + 1, 3, m % 7, m % 13, m * 3 + 2]);
    const start = await fromScratch(before);
    const updates = new Map<number, TotalsRow | null>([
      [5, null],
      [70_000, [70_000, 500, 1, 210_000, 7, 4, 1, 210_001, 3, 2, 1, 210_002]],
    ]);
    const orders = Object.fromEntries(BOARDS.map((b) => [b, Uint32Array.from(start.orders[b])])) as Record<Board, Uint32Array>;
    let pauses = 0;
    const got = await applyUpdates(start.lines, orders, updates, periods, sortAll, async () => {
      pauses++;
    });
    const quiet = await applyUpdates(start.lines, orders, updates, periods, sortAll);
    expect(pauses).toBeGreaterThan(1);
    expect([...got.lines.members]).toEqual([...quiet.lines.members]);
    for (const b of BOARDS) expect([...got.orders[b]]).toEqual([...quiet.orders[b]]);
    expect(got.orders.all[0]).toBe(got.lines.members.length - 1); // the newcomer with 500 leads
  });
});
