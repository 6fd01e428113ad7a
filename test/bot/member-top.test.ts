/**
 * /top through the fake Bot API (issue 12 item 4): the all-time board in Spanish and
 * English with paging and the member's own line (position, gap, top % on a board of 100+,
 * "as of"), the week and month boards by button, a member who never opted in absent from
 * every page yet shown their own place, and the opt-in switch in settings. The boards are
 * the snapshot the engine's refresh builds, so each test refreshes after the earnings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { user } from '../../src/bot/testing/updates.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';
import { buttonsOf, onlyToast, pressAndRead, say, textOf } from './member-kit.js';

/** 120 opted-in members p001…p120 earning 1990, 1980, … 800 besitos. */
const CROWD = 120;
const crowdId = (i: number) => 5000 + i;
const crowdScore = (i: number) => 2000 - i * 10;

describe.each(testDialects())('/top leaderboards in the bot ($name)', (dialect) => {
  let h: BotHarness;
  const ana = user(1101, { first_name: 'Ana', username: 'ana_es', language_code: 'es' });
  const bob = user(1102, { first_name: 'Bob', username: 'bob_en', language_code: 'en' });

  const refresh = async () => {
    h.clock.advance(61_000);
    await h.economy.stats.refresh();
  };

  beforeAll(async () => {
    h = await startBotHarness(dialect);
    const { membership, ledger, leaderboards } = h.economy;
    for (let i = 1; i <= CROWD; i++) {
      const id = crowdId(i);
      await membership.register({ id, username: `p${String(i).padStart(3, '0')}` });
      await ledger.credit({ memberId: id, amount: crowdScore(i), type: 'EARN_REACTION' });
      await leaderboards.setOptIn(id, true);
    }
    // Ana (opted in): 1205, just behind p079 (1210). Bob never opted in: 1500, tied in score with p050.
    await membership.register({ id: ana.id, username: ana.username, firstName: ana.first_name });
    await membership.register({ id: bob.id, username: bob.username, firstName: bob.first_name });
    await ledger.credit({ memberId: ana.id, amount: 1205, type: 'EARN_REACTION' });
    await ledger.credit({ memberId: bob.id, amount: 1495, type: 'EARN_REACTION' });
    await leaderboards.setOptIn(ana.id, true);
    await refresh();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('/top in Spanish: the all-time page, the member line with gap and top %, paging and boards by button', async () => {
    const first = await say(h, ana, '/top');
    const body = textOf(first);
    expect(body).toContain('🏅 Ranking de siempre');
    expect(body).toContain('1. @p001 — 1990 besitos · nivel');
    expect(body).toContain('10. @p010 — 1900 besitos · nivel');
    expect(body).not.toContain('11. @p011');
    expect(body).toContain('Tú: #80 de 121 con 1205 besitos — a 5 besitos del #79 (top 67 %)');
    expect(body).toContain('Datos de 2/3/26, 10:01'); // the refresh's time, economy time zone
    expect(buttonsOf(first).map((b) => b.text)).toEqual(['✓ Siempre', 'Semana', 'Mes', 'Siguiente ▶️', '⬅️ Menú']);

    // /ranking is the same screen.
    expect(textOf(await say(h, ana, '/ranking'))).toContain('1. @p001 — 1990 besitos');

    let mark = h.api.mark();
    const second = await pressAndRead(h, ana, first, 'Siguiente');
    expect(second.method).toBe('editMessageText');
    expect(onlyToast(h, mark)).toBe('');
    expect(textOf(second)).toContain('11. @p011 — 1890 besitos');
    expect(textOf(second)).toContain('20. @p020 — 1800 besitos');
    expect(textOf(second)).toContain('Tú: #80 de 121'); // the member's own line on every page
    expect(buttonsOf(second).map((b) => b.text)).toEqual(['✓ Siempre', 'Semana', 'Mes', '◀️ Anterior', 'Siguiente ▶️', '⬅️ Menú']);

    const back = await pressAndRead(h, ana, second, 'Anterior');
    expect(textOf(back)).toContain('1. @p001 — 1990 besitos');

    mark = h.api.mark();
    const week = await pressAndRead(h, ana, back, 'Semana');
    expect(onlyToast(h, mark)).toBe('');
    expect(textOf(week)).toContain('🏅 Ranking de esta semana');
    expect(textOf(week)).toContain('Del 2026-03-02 al 2026-03-08');
    expect(textOf(week)).toContain('1. @p001 — 1990 besitos');
    expect(textOf(week)).toContain('Tú: #80 de 121');
    expect(buttonsOf(week)[1]!.text).toBe('✓ Semana');
    const month = await pressAndRead(h, ana, week, 'Mes');
    expect(textOf(month)).toContain('🏅 Ranking de este mes');
    expect(textOf(month)).toContain('Del 2026-03-01 al 2026-03-31');
  });

  it('/top in English: a member who never opted in is on no page of any board, yet sees where they would be', async () => {
    let screen = await say(h, bob, '/top');
    expect(textOf(screen)).toContain('🏅 All-time leaderboard');
    expect(textOf(screen)).toContain('1. @p001 — 1,990 besitos · level 5');
    // p050 has 1500: Bob's 1495 would come right after it.
    expect(textOf(screen)).toContain('You would be #51 of 122 with 1,495 besitos — 5 besitos behind #50 (top 42%)');
    expect(textOf(screen)).toContain('You are not shown on the leaderboards. To appear, turn on "Leaderboards" in /settings.');
    expect(textOf(screen)).toContain('As of 02/03/2026, 10:01');
    const seen: string[] = [];
    for (let pages = 0; pages < 20; pages++) {
      seen.push(textOf(screen).split('\n\n')[1]!);
      if (!buttonsOf(screen).some((b) => b.text.includes('Next'))) break;
      screen = await pressAndRead(h, bob, screen, 'Next');
      expect(textOf(screen)).toContain('You would be #51 of 122 with 1,495 besitos');
    }
    const lines = seen.join('\n').split('\n');
    expect(lines).toHaveLength(121);
    expect(lines.at(-1)).toBe('121. @p120 — 800 besitos · level 3');
    expect(lines.join('\n')).not.toContain('bob');
    expect(lines.join('\n')).not.toContain('Bob');
    for (const board of ['week', 'month']) {
      let cursor: string | null = null;
      const ids: number[] = [];
      do {
        const page = await h.economy.leaderboards.page(board, { limit: 25, ...(cursor ? { cursor } : {}) });
        ids.push(...page.entries.map((e) => e.memberId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(ids).toHaveLength(121);
      expect(ids).not.toContain(bob.id);
    }
  });

  it('the opt-in switch in settings, both languages: on shows the member from the next refresh, off takes them off', async () => {
    const settings = await say(h, bob, '/settings');
    expect(textOf(settings)).toContain('Show me on the leaderboards: no');
    let mark = h.api.mark();
    const on = await pressAndRead(h, bob, settings, 'Leaderboards: no');
    expect(onlyToast(h, mark)).toBe('You will appear on the leaderboards from the next update.');
    expect(textOf(on)).toContain('Show me on the leaderboards: yes');
    expect(buttonsOf(on).map((b) => b.text)).toContain('🏅 Leaderboards: yes');
    expect((await h.economy.leaderboards.optIn(bob.id)).optedIn).toBe(true);
    // Before the refresh: chosen, not listed yet.
    expect(textOf(await say(h, bob, '/top'))).toContain('You will appear from the next update.');
    await refresh();
    const top = textOf(await say(h, bob, '/top'));
    expect(top).not.toContain('You are not shown');
    expect(top).toContain('You: #51 of 122 with 1,495 besitos — 5 besitos behind #50 (top 42%)');
    const page6 = await h.economy.leaderboards.page('all', { limit: 25, cursor: 'a50' });
    expect(page6.entries[0]).toMatchObject({ position: 51, memberId: bob.id, name: '@bob_en', score: 1495 });

    // Ana, in Spanish, switches off: off every board at once.
    const ajustes = await say(h, ana, '/ajustes');
    expect(textOf(ajustes)).toContain('Aparecer en los rankings: sí');
    mark = h.api.mark();
    const off = await pressAndRead(h, ana, ajustes, 'Rankings: sí');
    expect(onlyToast(h, mark)).toBe('Ya no apareces en los rankings.');
    expect(textOf(off)).toContain('Aparecer en los rankings: no');
    const mine = textOf(await say(h, ana, '/top'));
    expect(mine).toContain('No apareces en los rankings. Para aparecer, activa «Rankings» en /ajustes.');
    expect(mine).toMatch(/Estarías en el #81 de 122 con 1205 besitos — a 5 besitos del #80/);
  });
});
