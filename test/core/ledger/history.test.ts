/**
 * History (SPEC §1): newest first, keyset pages, filters by types and time range, at most
 * 100 rows a page, a total count; bad limits and cursors are INVALID_INPUT.
 */
import { describe, expect, it } from 'vitest';
import { encodeCursor, readHistory, type HistoryQuery } from '../../../src/core/ledger/history.js';
import type { TransactionType } from '../../../src/core/ledger/transaction-types.js';
import { testDialects } from '../../helpers/dialects.js';
import { START, refusal, useLedger, type LedgerContext } from '../../helpers/ledger-fixtures.js';

const MINUTE = 60_000;

interface Seeded {
  id: number;
  type: TransactionType;
  at: number;
}

/**
 * 30 movements of member 5, one a minute from START (i = 0..29):
 * i%5 0 EARN_DAILY 10 · 1 EARN_REACTION 5 · 2 EARN_STREAK 3 · 3 SPEND_SHOP 4 ·
 * 4 EARN_REACTION 5, except i%10 = 9: REFUND_SHOP of the spend at i − 6.
 * So 6 daily, 9 reaction, 6 streak, 6 shop, 3 refunds. Member 6 gets 3 rows of its own.
 */
async function seed(ctx: LedgerContext): Promise<Seeded[]> {
  const rows: Seeded[] = [];
  const spends = new Map<number, number>();
  for (let i = 0; i < 30; i += 1) {
    ctx.clock.set(START + i * MINUTE);
    const r =
      i % 10 === 9
        ? await ctx.ledger.refund({ memberId: 5, transactionId: spends.get(i - 6)! })
        : i % 5 === 3
          ? await ctx.ledger.spend({ memberId: 5, amount: 4 })
          : await ctx.ledger.credit({
              memberId: 5,
              amount: [10, 5, 3, 0, 5][i % 5]!,
              type: (['EARN_DAILY', 'EARN_REACTION', 'EARN_STREAK', 'EARN_DAILY', 'EARN_REACTION'] as const)[i % 5]!,
            });
    if (i % 5 === 3) spends.set(i, r.transaction.id);
    rows.push({ id: r.transaction.id, type: r.transaction.type, at: START + i * MINUTE });
    if (i % 10 === 0) await ctx.ledger.credit({ memberId: 6, amount: 1, type: 'EARN_DAILY' });
  }
  return rows;
}

/** Every page from the first to the last; `between` runs after each page is read. */
async function allPages(ctx: LedgerContext, query: HistoryQuery, between?: () => Promise<void>) {
  const pages: Array<{ ids: number[]; total: number }> = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await readHistory(ctx.storage.db, 5, { ...query, ...(cursor !== undefined ? { cursor } : {}) });
    pages.push({ ids: page.items.map((t) => t.id), total: page.total });
    if (between) await between();
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
}

const newestFirst = (rows: Seeded[]) => rows.map((r) => r.id).sort((a, b) => b - a);

for (const dialect of testDialects()) {
  describe(dialect.name, () => {
    const ctx = useLedger(dialect);

    it('lists a member’s movements newest first with a total, 20 a page by default', async () => {
      const rows = await seed(ctx);
      const page = await readHistory(ctx.storage.db, 5);
      expect(page.total).toBe(30);
      expect(page.items).toHaveLength(20);
      expect(page.items.map((t) => t.id)).toEqual(newestFirst(rows).slice(0, 20));
      expect(page.items.every((t) => t.memberId === 5)).toBe(true);
      expect(page.items[0]).toMatchObject({ type: 'REFUND_SHOP', amount: 4, createdAt: new Date(START + 29 * MINUTE) });
      const times = page.items.map((t) => t.createdAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(page.nextCursor).not.toBeNull();
      expect((await readHistory(ctx.storage.db, 6)).total).toBe(3);
      expect(await readHistory(ctx.storage.db, 7)).toEqual({ items: [], nextCursor: null, total: 0 });
    });

    it('keyset pages cover every row exactly once', async () => {
      const rows = await seed(ctx);
      const pages = await allPages(ctx, { limit: 7 });
      expect(pages.map((p) => p.ids.length)).toEqual([7, 7, 7, 7, 2]);
      expect(pages.every((p) => p.total === 30)).toBe(true);
      expect(pages.flatMap((p) => p.ids)).toEqual(newestFirst(rows));
      // An exact multiple of the page size: the last full page says there is no more.
      const exact = await allPages(ctx, { limit: 10 });
      expect(exact.map((p) => p.ids.length)).toEqual([10, 10, 10]);
    });

    it('rows inserted between page reads neither repeat nor hide older rows', async () => {
      const rows = await seed(ctx);
      let n = 0;
      const pages = await allPages(ctx, { limit: 4 }, async () => {
        n += 1;
        ctx.clock.advance(MINUTE);
        await ctx.ledger.credit({ memberId: 5, amount: 1, type: 'EARN_REACTION' });
        await ctx.ledger.credit({ memberId: 6, amount: 1 });
      });
      const seen = pages.flatMap((p) => p.ids);
      expect(seen).toEqual(newestFirst(rows));
      expect(pages).toHaveLength(8);
      expect(pages.map((p) => p.total)).toEqual([30, 31, 32, 33, 34, 35, 36, 37]);
      expect(n).toBe(8);
      expect((await readHistory(ctx.storage.db, 5, { limit: 100 })).total).toBe(38);
    });

    it('filters by type(s), with pages and totals', async () => {
      const rows = await seed(ctx);
      const expected = (types: TransactionType[]) => newestFirst(rows.filter((r) => types.includes(r.type)));
      const cases: Array<[TransactionType[], number]> = [
        [['EARN_DAILY'], 6], [['EARN_REACTION'], 9], [['EARN_STREAK'], 6], [['SPEND_SHOP'], 6],
        [['REFUND_SHOP'], 3], [['SPEND_SHOP', 'REFUND_SHOP'], 9], [['EARN_ADMIN'], 0],
      ];
      for (const [types, count] of cases) {
        const pages = await allPages(ctx, { types, limit: 4 });
        expect(pages.flatMap((p) => p.ids)).toEqual(expected(types));
        expect(pages.flatMap((p) => p.ids)).toHaveLength(count);
        expect(pages[0]?.total).toBe(count);
      }
      const page = await readHistory(ctx.storage.db, 5, { types: ['SPEND_SHOP'] });
      expect(page.items.every((t) => t.type === 'SPEND_SHOP' && t.amount === -4)).toBe(true);
    });

    it('pages back with `after`: forward then back gives the same pages, filters kept, newest page has no prevCursor', async () => {
      const rows = await seed(ctx);
      for (const query of [{ limit: 7 }, { limit: 2, types: ['EARN_REACTION'] as TransactionType[] }]) {
        const forward: Array<{ ids: number[]; prev?: string; next: string | null }> = [];
        let cursor: string | undefined;
        do {
          const page = await readHistory(ctx.storage.db, 5, { ...query, ...(cursor !== undefined ? { cursor } : {}) });
          forward.push({ ids: page.items.map((t) => t.id), ...(page.prevCursor ? { prev: page.prevCursor } : {}), next: page.nextCursor });
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        expect(forward[0]!.prev).toBeUndefined();
        const wanted = query.types ? newestFirst(rows.filter((r) => query.types!.includes(r.type))) : newestFirst(rows);
        expect(forward.flatMap((p) => p.ids)).toEqual(wanted);

        // Back from the last page to the first, through prevCursor / after.
        const back: number[][] = [forward.at(-1)!.ids];
        let after = forward.at(-1)!.prev;
        while (after !== undefined) {
          const page = await readHistory(ctx.storage.db, 5, { ...query, after });
          back.unshift(page.items.map((t) => t.id));
          expect(page.nextCursor).not.toBeNull(); // a page reached going back has older rows below it
          after = page.prevCursor;
        }
        expect(back).toEqual(forward.map((p) => p.ids));
      }
      const real = (await readHistory(ctx.storage.db, 5, { limit: 3 })).nextCursor!;
      await expect(readHistory(ctx.storage.db, 5, { after: real })).resolves.toMatchObject({ nextCursor: expect.any(String) });
      await expect(readHistory(ctx.storage.db, 5, { cursor: real, after: real })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'after' } });
    });

    it('filters by time range: from inclusive, to exclusive, as ms or Date', async () => {
      const rows = await seed(ctx);
      const from = START + 10 * MINUTE;
      const to = START + 20 * MINUTE;
      const inRange = newestFirst(rows.filter((r) => r.at >= from && r.at < to));
      expect(inRange).toHaveLength(10);
      const ms = await allPages(ctx, { from, to, limit: 3 });
      expect(ms.flatMap((p) => p.ids)).toEqual(inRange);
      expect(ms[0]?.total).toBe(10);
      const dates = await readHistory(ctx.storage.db, 5, { from: new Date(from), to: new Date(to), limit: 100 });
      expect(dates.items.map((t) => t.id)).toEqual(inRange);
      expect((await readHistory(ctx.storage.db, 5, { from })).total).toBe(20);
      expect((await readHistory(ctx.storage.db, 5, { to })).total).toBe(20);
      expect((await readHistory(ctx.storage.db, 5, { from: to, to: from })).total).toBe(0);
      // Types and time together: EARN_DAILY at minutes 10 and 15.
      const both = await readHistory(ctx.storage.db, 5, { from, to, types: ['EARN_DAILY'] });
      expect(both.items.map((t) => t.createdAt.getTime())).toEqual([START + 15 * MINUTE, START + 10 * MINUTE]);
      expect(both.total).toBe(2);
    });

    it('limit is 1 to 100', async () => {
      for (let i = 0; i < 105; i += 1) await ctx.ledger.credit({ memberId: 5, amount: 1 });
      expect((await readHistory(ctx.storage.db, 5, { limit: 1 })).items).toHaveLength(1);
      const max = await readHistory(ctx.storage.db, 5, { limit: 100 });
      expect(max.items).toHaveLength(100);
      expect(max.total).toBe(105);
      expect((await readHistory(ctx.storage.db, 5, { limit: 100, cursor: max.nextCursor! })).items).toHaveLength(5);
      for (const limit of [0, 101, -1, 1.5, Number.NaN, '10']) {
        await refusal(readHistory(ctx.storage.db, 5, { limit: limit as number }), 'INVALID_INPUT');
      }
    });

    it('a cursor it did not give out, bad types or bad times are INVALID_INPUT', async () => {
      await seed(ctx);
      const garbage = ['garbage', '', '!!!', 'dA', Buffer.from('t0').toString('base64url'), Buffer.from('t-4').toString('base64url'),
        Buffer.from('x12').toString('base64url'), Buffer.from('tabc').toString('base64url'), 12, null];
      for (const cursor of garbage) {
        await refusal(readHistory(ctx.storage.db, 5, { cursor: cursor as string }), 'INVALID_INPUT');
      }
      // A well-formed cursor pointing past the newest row simply starts from the newest row.
      expect((await readHistory(ctx.storage.db, 5, { cursor: encodeCursor(1_000_000) })).total).toBe(30);
      for (const types of [[], ['NOPE'], 'EARN_DAILY']) {
        await refusal(readHistory(ctx.storage.db, 5, { types: types as TransactionType[] }), 'INVALID_INPUT');
      }
      await refusal(readHistory(ctx.storage.db, 5, { from: Number.NaN }), 'INVALID_INPUT');
      await refusal(readHistory(ctx.storage.db, 5, { to: new Date('nope') }), 'INVALID_INPUT');
      await refusal(readHistory(ctx.storage.db, 0), 'INVALID_INPUT');
    });
  });
}
