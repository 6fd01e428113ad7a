/**
 * Boards longer than one block of lines (line-blocks.ts: 256 ranks a block), on both
 * databases: pages that cross blocks both ways, positions of listed and unlisted members in
 * later blocks, and opt-outs at the edges of blocks, against a naive recomputation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLines, encodeLines, RANK_LINES } from '../../../src/core/leaderboards/line-blocks.js';
import { testDialects } from '../../helpers/dialects.js';
import { useEngine } from '../../helpers/engine-fixture.js';

const MEMBERS = 2 * RANK_LINES + 90;
/** Scores with many ties (ties go to whoever earned first: the lower id here). */
const scoreOf = (id: number) => 1 + ((id * 37) % 211);
const neverOptedIn = (id: number) => id % 7 === 0;

describe('a block of lines as bytes (0020: varints)', () => {
  it('decodes to the numbers it encoded: any integers below 2^52 in size, either sign', () => {
    const big = 2 ** 52 - 1;
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -big, max: big }), fc.constantFrom(0, big, -big, 2 ** 31, 2 ** 32 - 1, 2 ** 32)), { maxLength: 200 }), (numbers) => {
        const values = Float64Array.from(numbers);
        expect([...decodeLines(encodeLines(values))]).toEqual(numbers.map((n) => n + 0)); // -0 is 0
      }),
      { numRuns: 500 },
    );
  });

  it('takes a byte for a small number and eight at most; refuses what it cannot hold exactly', () => {
    expect(encodeLines(Float64Array.from([0, 1, -1, 63, -64])).length).toBe(5);
    expect(encodeLines(Float64Array.from([2 ** 52 - 1])).length).toBe(8);
    for (const bad of [0.5, 2 ** 52, -(2 ** 52), Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => encodeLines(Float64Array.from([1, bad])), String(bad)).toThrow(RangeError);
    }
  });
});

for (const dialect of testDialects()) {
  describe(`leaderboard blocks (${dialect.name})`, () => {
    const fx = useEngine(dialect);

    it('pages across blocks both ways and positions in later blocks equal a naive recomputation, opt-outs at block edges included', async () => {
      const lb = fx.economy.leaderboards;
      for (let id = 1; id <= MEMBERS; id++) {
        if (!neverOptedIn(id)) await lb.setOptIn(id, true);
        await fx.ledger.credit({ memberId: id, amount: scoreOf(id), type: 'EARN_REACTION' });
      }
      await fx.economy.stats.refresh();
      const ahead = (a: number, b: number) => scoreOf(a) > scoreOf(b) || (scoreOf(a) === scoreOf(b) && a < b);
      const built = Array.from({ length: MEMBERS }, (_, i) => i + 1)
        .filter((id) => !neverOptedIn(id))
        .sort((a, b) => (ahead(a, b) ? -1 : 1));
      // Out after the build: the first line, both sides of the first block edge, the last line.
      const out = [built[0]!, built[RANK_LINES - 1]!, built[RANK_LINES]!, built[RANK_LINES + 1]!, built.at(-1)!];
      for (const id of out) await lb.setOptIn(id, false);
      const listed = built.filter((id) => !out.includes(id));

      // Forward to the end, then backward to the start.
      const pages = [await lb.page('all', { limit: 25 })];
      while (pages.at(-1)!.nextCursor) pages.push(await lb.page('all', { limit: 25, cursor: pages.at(-1)!.nextCursor }));
      const forward = pages.flatMap((p) => p.entries);
      expect(forward.map((e) => e.memberId)).toEqual(listed);
      expect(forward.map((e) => e.position)).toEqual(listed.map((_, i) => i + 1));
      expect(forward.map((e) => e.score)).toEqual(listed.map(scoreOf));
      expect(pages[0]!.members).toBe(listed.length);
      const back = [pages.at(-1)!];
      while (back.at(-1)!.prevCursor) back.push(await lb.page('all', { limit: 25, cursor: back.at(-1)!.prevCursor }));
      expect(back.reverse().flatMap((p) => p.entries)).toEqual(forward);
      expect(back.every((p, i) => (p.nextCursor === null) === (i === back.length - 1))).toBe(true);

      // Listed members around the block edges and at the end.
      for (const i of [0, 1, RANK_LINES - 3, RANK_LINES - 2, RANK_LINES - 1, RANK_LINES, 2 * RANK_LINES - 5, listed.length - 1]) {
        const id = listed[i]!;
        expect(await lb.position('all', id)).toMatchObject({
          listed: true,
          position: i + 1,
          outOf: listed.length,
          score: scoreOf(id),
          ahead: i === 0 ? null : { position: i, score: scoreOf(listed[i - 1]!), gap: scoreOf(listed[i - 1]!) - scoreOf(id) },
        });
      }
      // Members not listed (never opted in, or out since the build): where they would stand.
      const lastSeven = MEMBERS - (MEMBERS % 7);
      for (const id of [...out, 7, 14, 7 * Math.floor(MEMBERS / 14), lastSeven - 7, lastSeven]) {
        const above = listed.filter((other) => ahead(other, id));
        expect(await lb.position('all', id)).toMatchObject({
          listed: false,
          position: above.length + 1,
          outOf: listed.length + 1,
          score: scoreOf(id),
          ahead: above.length === 0 ? null : { position: above.length, score: scoreOf(above.at(-1)!) },
        });
      }
    });
  });
}
