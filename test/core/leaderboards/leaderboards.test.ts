/**
 * Leaderboards (SPEC §9) by example, on both databases: the opt-in (off by default, audited,
 * out at once), a member's own position opted in or not, paging, the top percentage, the
 * snapshot's staleness and `as of`, new weeks and months, the refresh's lease, a change of
 * time zone, PostgreSQL's late commits, and a member's daily series.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/dialects.js';
import { START, useEngine, type EngineFixture } from '../../helpers/engine-fixture.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function earn(fx: EngineFixture, memberId: number, amount: number): Promise<void> {
  await fx.ledger.credit({ memberId, amount, type: 'EARN_REACTION' });
}

async function optIn(fx: EngineFixture, ...ids: number[]): Promise<void> {
  for (const id of ids) await fx.economy.leaderboards.setOptIn(id, true);
}

const ids = async (fx: EngineFixture, board: string) => (await fx.economy.leaderboards.page(board)).entries.map((e) => e.memberId);

for (const dialect of testDialects()) {
  describe(`leaderboards (${dialect.name})`, () => {
    const fx = useEngine(dialect, { economy: { stats: { batch: { rows: 2, maxRows: 2 }, rankChunk: 3 } } });

    it('a member who never opted in is on no board, yet sees where they would be', async () => {
      await fx.membership.register({ id: 1, username: 'ana' });
      await fx.membership.register({ id: 2, firstName: 'Bruno' });
      await optIn(fx, 1, 2);
      await earn(fx, 1, 50);
      await earn(fx, 2, 30);
      await earn(fx, 3, 40); // never opted in
      await fx.economy.stats.refresh();
      for (const board of ['all', 'week', 'month']) {
        const page = await fx.economy.leaderboards.page(board);
        expect(page.entries.map((e) => [e.position, e.name, e.score, e.level])).toEqual([
          [1, '@ana', 50, 1],
          [2, 'Bruno', 30, 1],
        ]);
        expect(page.members).toBe(2);
        const me = await fx.economy.leaderboards.position(board, 3);
        expect(me).toMatchObject({ optedIn: false, listed: false, score: 40, position: 2, outOf: 3, ahead: { position: 1, score: 50, gap: 10 }, topPercent: null });
      }
      expect(await fx.economy.leaderboards.optIn(3)).toEqual({ memberId: 3, optedIn: false, since: null });
      // Opting in shows the member from the next refresh.
      await optIn(fx, 3);
      expect(await ids(fx, 'all')).toEqual([1, 2]);
      expect(await fx.economy.leaderboards.position('all', 3)).toMatchObject({ optedIn: true, listed: false, position: 2 });
      fx.clock.advance(60_000);
      await fx.economy.stats.refresh();
      expect(await ids(fx, 'all')).toEqual([1, 3, 2]);
      expect(await fx.economy.leaderboards.position('all', 3)).toMatchObject({ listed: true, position: 2, outOf: 3 });
    });

    it('opting out leaves every board at once (positions close up), audited; the same choice again writes nothing', async () => {
      await optIn(fx, 1, 2, 3, 4);
      for (const [id, amount] of [[1, 40], [2, 30], [3, 20], [4, 10]] as const) await earn(fx, id, amount);
      await fx.economy.stats.refresh();
      fx.clock.advance(1000);
      expect(await fx.economy.leaderboards.setOptIn(2, false, 'cli')).toEqual({ memberId: 2, optedIn: false, since: null });
      await fx.economy.leaderboards.setOptIn(2, false);
      for (const board of ['all', 'week', 'month']) {
        const page = await fx.economy.leaderboards.page(board);
        expect(page.entries.map((e) => [e.position, e.memberId])).toEqual([
          [1, 1],
          [2, 3],
          [3, 4],
        ]);
        expect(page.members).toBe(3);
      }
      expect(await fx.economy.leaderboards.position('all', 4)).toMatchObject({ position: 3, outOf: 3, ahead: { position: 2, score: 20, gap: 10 } });
      expect(await fx.economy.leaderboards.position('all', 2)).toMatchObject({ listed: false, position: 2, outOf: 4 });
      const changes = await fx.economy.leaderboards.optInChanges(2);
      expect(changes.map((c) => [c.optedIn, c.changedBy, c.changedAt.getTime()])).toEqual([
        [false, 'cli', START + 1000],
        [true, 'member', START],
      ]);
      // Out and in again before a refresh: back at the next one.
      await optIn(fx, 2);
      expect(await ids(fx, 'all')).toEqual([1, 3, 4]);
      await fx.economy.stats.refresh();
      expect(await ids(fx, 'all')).toEqual([1, 2, 3, 4]);
    });

    it('opting out while a refresh builds the other slot (over its older rows) still leaves the new boards, positions closed up', async () => {
      const members = [1, 2, 3, 4, 5, 6, 7, 8];
      await optIn(fx, ...members);
      // Three builds with the order changing each time: the third overwrites the first's slot.
      for (const round of [0, 1, 2]) {
        for (const id of members) await earn(fx, id, ((id * (round + 3)) % 8) + 1 + round * 10);
        fx.clock.advance(1000);
        if (round < 2) await fx.economy.stats.refresh();
      }
      const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
      const building = fx.economy.stats.refresh();
      for (let i = 0; i < 6; i++) await tick();
      await fx.economy.leaderboards.setOptIn(3, false);
      for (let i = 0; i < 12; i++) await tick();
      await fx.economy.leaderboards.setOptIn(6, false);
      await building;
      const check = async () => {
        for (const board of ['all', 'week', 'month']) {
          const page = await fx.economy.leaderboards.page(board, { limit: 25 });
          expect(page.entries.map((e) => e.memberId).sort()).toEqual([1, 2, 4, 5, 7, 8]);
          expect(page.entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
          expect(page.members).toBe(6);
          for (const e of page.entries) {
            expect(await fx.economy.leaderboards.position(board, e.memberId)).toMatchObject({ listed: true, position: e.position, outOf: 6 });
          }
          expect(await fx.economy.leaderboards.position(board, 6)).toMatchObject({ listed: false, optedIn: false, outOf: 7 });
        }
      };
      await check();
      fx.clock.advance(60_000);
      await fx.economy.stats.refresh();
      await check();
    });

    it('pages of 10 to 25 by cursor, both ways; bad board, limit or cursor are INVALID_INPUT', async () => {
      for (let id = 1; id <= 23; id++) {
        await optIn(fx, id);
        await earn(fx, id, 100 - id);
      }
      await fx.economy.stats.refresh();
      const lb = fx.economy.leaderboards;
      const first = await lb.page('all');
      expect(first.entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(first.prevCursor).toBeNull();
      const second = await lb.page('all', { cursor: first.nextCursor });
      expect(second.entries.map((e) => e.memberId)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      const third = await lb.page('all', { cursor: second.nextCursor });
      expect(third.entries.map((e) => e.position)).toEqual([21, 22, 23]);
      expect(third.nextCursor).toBeNull();
      const back = await lb.page('all', { cursor: third.prevCursor });
      expect(back.entries).toEqual(second.entries);
      expect(back.nextCursor).toBe(second.nextCursor);
      expect((await lb.page('all', { cursor: back.prevCursor })).entries).toEqual(first.entries);
      expect((await lb.page('all', { limit: 25 })).entries).toHaveLength(23);

      for (const [call, field] of [
        [() => lb.page('year'), 'board'],
        [() => lb.page('all', { limit: 9 }), 'limit'],
        [() => lb.page('all', { limit: 26 }), 'limit'],
        [() => lb.page('all', { cursor: 'x1' }), 'cursor'],
        [() => lb.page('all', { cursor: 'a0' }), 'cursor'],
        [() => lb.position('all', -1), 'member'],
        [() => lb.setOptIn(1, 'yes' as unknown as boolean), 'on'],
      ] as const) {
        await expect(call()).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field } });
      }
    });

    it('the top percentage once the board has 100 members; nothing on a board gives no position', async () => {
      for (let id = 1; id <= 120; id++) {
        await optIn(fx, id);
        await earn(fx, id, 1000 - id);
      }
      await earn(fx, 500, 1);
      await fx.economy.stats.refresh();
      const lb = fx.economy.leaderboards;
      expect(await lb.position('all', 3)).toMatchObject({ position: 3, outOf: 120, topPercent: 3 });
      expect(await lb.position('all', 1)).toMatchObject({ position: 1, ahead: null, topPercent: 1 });
      expect(await lb.position('all', 500)).toMatchObject({ listed: false, position: 121, outOf: 121, topPercent: 100, ahead: { position: 120, score: 880, gap: 879 } });
      expect(await lb.position('all', 999)).toMatchObject({ listed: false, score: 0, position: null, ahead: null, topPercent: null, outOf: 120 });
    });

    it('a snapshot: new earnings show after the next refresh, due every leaderboard.refresh_seconds; answers carry asOf', async () => {
      await fx.set('leaderboard.refresh_seconds', 60);
      await optIn(fx, 1, 2);
      expect(await fx.economy.leaderboards.page('all')).toMatchObject({ asOf: null, members: 0, entries: [] });
      expect(await fx.economy.stats.refreshIfDue()).toMatchObject({ skipped: null, asOf: new Date(START) });
      await earn(fx, 1, 10);
      await earn(fx, 2, 20);
      fx.clock.advance(59_999);
      expect(await fx.economy.stats.refreshIfDue()).toBeNull();
      expect(await fx.economy.leaderboards.page('all')).toMatchObject({ asOf: new Date(START), entries: [] });
      expect(await fx.economy.stats.status()).toMatchObject({ due: false, refreshSeconds: 60, asOf: new Date(START) });
      fx.clock.advance(1);
      expect(await fx.economy.stats.refreshIfDue()).toMatchObject({ movements: 2, asOf: new Date(START + 60_000) });
      const top = await fx.economy.leaderboards.top('all', 1);
      expect(top.page.asOf).toEqual(new Date(START + 60_000));
      expect(top.page.entries.map((e) => e.memberId)).toEqual([2, 1]);
      expect(top.me).toMatchObject({ position: 2, ahead: { position: 1, gap: 10 }, asOf: new Date(START + 60_000) });
    });

    it('a new week (from Monday) and a new month start empty until the next refresh', async () => {
      // START is Saturday 2025-03-01 12:00 UTC.
      await optIn(fx, 1);
      await earn(fx, 1, 10);
      await fx.economy.stats.refresh();
      expect((await fx.economy.leaderboards.page('week')).period).toEqual({ from: '2025-02-24', to: '2025-03-02' });
      fx.clock.set('2025-03-03T00:00:00Z');
      const week = await fx.economy.leaderboards.page('week');
      expect(week).toMatchObject({ period: { from: '2025-03-03', to: '2025-03-09' }, members: 0, entries: [] });
      expect(await fx.economy.leaderboards.position('week', 1)).toMatchObject({ score: 0, position: null });
      expect(await ids(fx, 'month')).toEqual([1]);
      await earn(fx, 1, 5);
      await fx.economy.stats.refresh();
      expect((await fx.economy.leaderboards.page('week')).entries.map((e) => e.score)).toEqual([5]);
      expect((await fx.economy.leaderboards.page('month')).entries.map((e) => e.score)).toEqual([15]);
      fx.clock.set('2025-04-01T00:00:00Z');
      expect(await fx.economy.leaderboards.page('month')).toMatchObject({ period: { from: '2025-04-01', to: '2025-04-30' }, entries: [] });
      expect((await fx.economy.leaderboards.page('all')).entries.map((e) => e.score)).toEqual([15]);
    });

    it('one instance refreshes at a time (the stats lease); a time zone change rebuilds the rollups', async () => {
      await optIn(fx, 1);
      await earn(fx, 1, 10);
      await fx.storage.db.insertInto('job_leases').values({ job: 'stats', holder: 'other', expires_at: START + HOUR }).execute();
      expect(await fx.economy.stats.refresh()).toMatchObject({ skipped: 'lease held', heldBy: 'other' });
      fx.clock.advance(HOUR);
      expect(await fx.economy.stats.refresh()).toMatchObject({ skipped: null, movements: 1, rebuilt: true });
      expect(await fx.economy.stats.refresh()).toMatchObject({ movements: 0, rebuilt: false });
      await fx.set('economy.timezone', 'Asia/Tokyo');
      expect(await fx.economy.stats.refresh()).toMatchObject({ movements: 1, rebuilt: true, timezone: 'Asia/Tokyo' });
      expect(await ids(fx, 'all')).toEqual([1]);
    });

    it('a member\'s earned and spent per economy day, days without movements included', async () => {
      await earn(fx, 7, 30);
      fx.clock.advance(DAY);
      await fx.ledger.spend({ memberId: 7, amount: 12 });
      fx.clock.advance(2 * DAY);
      await earn(fx, 7, 5);
      await fx.economy.stats.refresh();
      const series = await fx.economy.stats.memberDays(7, { days: 4 });
      expect(series.days).toEqual([
        { day: '2025-03-01', earned: 30, spent: 0, refunded: 0, movements: 1 },
        { day: '2025-03-02', earned: 0, spent: 12, refunded: 0, movements: 1 },
        { day: '2025-03-03', earned: 0, spent: 0, refunded: 0, movements: 0 },
        { day: '2025-03-04', earned: 5, spent: 0, refunded: 0, movements: 1 },
      ]);
      expect((await fx.economy.stats.memberDays(7)).days).toHaveLength(30);
      await expect(fx.economy.stats.memberDays(7, { days: 91 })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'days' } });
    });

    if (dialect.name === 'postgres') {
      it('a slot whose unlogged tables came back empty (a server crash) is built again at the next refresh, even with nothing new', async () => {
        await optIn(fx, 1, 2);
        await earn(fx, 1, 20);
        await earn(fx, 2, 10);
        await fx.economy.stats.refresh();
        expect(await ids(fx, 'all')).toEqual([1, 2]);
        // What a crash leaves of UNLOGGED tables (0014): nothing.
        await sql`truncate leaderboard_rank_blocks_0, leaderboard_rank_blocks_1, leaderboard_place_blocks_0, leaderboard_place_blocks_1`.execute(fx.storage.db);
        expect(await ids(fx, 'all')).toEqual([]);
        fx.clock.advance(60_000);
        await fx.economy.stats.refresh();
        expect(await ids(fx, 'all')).toEqual([1, 2]);
        expect(await fx.economy.leaderboards.position('all', 2)).toMatchObject({ listed: true, position: 2, ahead: { position: 1, gap: 10 } });
      });

      it('a transaction committed after a later one is still rolled up (ids taken before commit)', async () => {
        await optIn(fx, 1, 2);
        await earn(fx, 1, 1);
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let inserted!: () => void;
        const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
        const slow = fx.storage.db.transaction().execute(async (trx) => {
          await sql`insert into transactions (member_id, amount, type, reason, metadata, balance_after, created_at)
                    values (2, 50, 'EARN_ADMIN', 'late', '{}', 50, ${START})`.execute(trx);
          inserted();
          await gate;
        });
        await insertedYet;
        await earn(fx, 1, 2); // a later id, committed first
        await fx.economy.stats.refresh();
        expect(await ids(fx, 'all')).toEqual([1]);
        release();
        await slow;
        await fx.economy.stats.refresh();
        expect((await fx.economy.leaderboards.page('all')).entries.map((e) => [e.memberId, e.score])).toEqual([
          [2, 50],
          [1, 3],
        ]);
      });
    }
  });
}
