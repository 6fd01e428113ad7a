import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { testDialects } from '../helpers/dialects.js';
import { useCliDatabase } from './cli-harness.js';

for (const dialect of testDialects()) {
  describe(`besitos settings (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('settings get lists every setting with its default; get <key> shows one', async () => {
      const all = await db.cli('settings', 'get');
      expect(all.code).toBe(EXIT.OK);
      expect(all.stdout).toMatch(/^KEY\s+VALUE\n/);
      expect(all.stdout).toMatch(/reactions\.amount\s+5\n/);
      expect(all.stdout).toMatch(/levels\.formula\s+\{"kind":"sqrt"\}\n/);
      const json = (await db.cli('settings', 'get', '--json')).json();
      expect(json.settings).toMatchObject({ 'reactions.amount': 5, 'daily.base': 20, 'economy.timezone': 'UTC' });

      expect((await db.cli('settings', 'get', 'reactions.emojis')).stdout).toBe('["❤️","🔥","💋","😈"]\n');
      expect((await db.cli('settings', 'get', 'daily.base', '--json')).json()).toEqual({ key: 'daily.base', value: 20 });
    });

    it('settings get of an unknown key is INVALID_CONFIG', async () => {
      const run = await db.cli('settings', 'get', 'daily.nope', '--json');
      expect(run.code).toBe(EXIT.REFUSED);
      expect(run.json().error).toMatchObject({ code: 'INVALID_CONFIG', key: 'daily.nope' });
    });

    it('settings set parses what an admin types, stores it and audits it', async () => {
      const set = await db.cli('settings', 'set', 'reactions.cooldown_seconds', '45');
      expect(set.code).toBe(EXIT.OK);
      expect(set.stdout).toBe('reactions.cooldown_seconds: 30 → 45\n');
      // Words are joined: an unquoted emoji list arrives whole.
      expect((await db.cli('settings', 'set', 'reactions.emojis', '👍', '🎉')).code).toBe(EXIT.OK);
      const tz = (await db.cli('settings', 'set', 'economy.timezone', 'Europe/Madrid', '--json')).json();
      expect(tz).toMatchObject({ key: 'economy.timezone', oldValue: 'UTC', newValue: 'Europe/Madrid', changedBy: 'cli', changed: true });
      expect(tz.changedAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);

      const same = await db.cli('settings', 'set', 'reactions.cooldown_seconds', '45');
      expect(same.stdout).toBe('reactions.cooldown_seconds is already 45; nothing changed.\n');

      expect((await db.cli('settings', 'get', 'reactions.emojis', '--json')).json().value).toEqual(['👍', '🎉']);

      const audit = await db.cli('settings', 'audit');
      expect(audit.code).toBe(EXIT.OK);
      expect(audit.stdout).toMatch(/^ID\s+TIME\s+KEY\s+CHANGE\s+BY\n/);
      expect(audit.stdout).toContain('reactions.cooldown_seconds  30 → 45');
      const entries = (await db.cli('settings', 'audit', '--json')).json().entries;
      expect(entries.map((e: { key: string }) => e.key)).toEqual(['economy.timezone', 'reactions.emojis', 'reactions.cooldown_seconds']);
      expect(entries[0]).toMatchObject({ oldValue: 'UTC', newValue: 'Europe/Madrid', changedBy: 'cli' });
      const one = (await db.cli('settings', 'audit', '--key', 'reactions.emojis', '--limit', '1', '--json')).json().entries;
      expect(one).toHaveLength(1);
      expect(one[0].newValue).toEqual(['👍', '🎉']);
    });

    it('settings audit on a new database says there is nothing; a bad limit is INVALID_INPUT', async () => {
      expect((await db.cli('settings', 'audit')).stdout).toBe('No setting changes yet.\n');
      const bad = await db.cli('settings', 'audit', '--limit', '0', '--json');
      expect(bad.code).toBe(EXIT.REFUSED);
      expect(bad.json().error.code).toBe('INVALID_INPUT');
    });

    it('settings set refuses a value the rules refuse (INVALID_CONFIG) and writes nothing', async () => {
      for (const [key, value] of [
        ['daily.base', 'lots'],
        ['reactions.daily_limit', '0'],
        ['economy.timezone', 'Mars/Olympus'],
        ['reactions.emojis', 'notanemoji'],
        ['no.such.key', '1'],
      ] as const) {
        const run = await db.cli('settings', 'set', key, value, '--json');
        expect(run.code, `${key}=${value}`).toBe(EXIT.REFUSED);
        expect(run.json().error.code).toBe('INVALID_CONFIG');
      }
      const human = await db.cli('settings', 'set', 'daily.base', 'lots');
      expect(human.stderr).toMatch(/^refused \(INVALID_CONFIG\): Invalid value for setting "daily.base"/);
      expect((await db.cli('settings', 'audit', '--json')).json().entries).toEqual([]);
    });

    it('settings set levels.formula goes through the levels service: cached levels are recomputed', async () => {
      await db.cli('credit', '9', '1_000', '--reason', 'x');
      expect((await db.cli('balance', '9', '--json')).json().level).toBe(4); // sqrt
      const run = await db.cli('settings', 'set', 'levels.formula', 'linear:100');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toBe('levels.formula: {"kind":"sqrt"} → {"kind":"linear","step":100}\n');
      expect((await db.cli('balance', '9', '--json')).json().level).toBe(11);
      expect((await db.cli('verify')).code).toBe(EXIT.OK);
    });
  });

  describe(`besitos level-formula (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('show prints the formula and the first 10 levels', async () => {
      const run = await db.cli('level-formula', 'show');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout.split('\n').slice(0, 6)).toEqual([
        'Level formula: sqrt',
        'LEVEL  FROM (TOTAL EARNED)',
        '    1                    0',
        '    2                  100',
        '    3                  400',
        '    4                  900',
      ]);
      const json = (await db.cli('level-formula', 'show', '--json')).json();
      expect(json.formula).toBe('sqrt');
      expect(json.spec).toEqual({ kind: 'sqrt' });
      expect(json.preview).toHaveLength(10);
      expect(json.preview[9]).toEqual({ level: 10, from: 8100 });
    });

    it('set a preset: recompute counts and the new preview', async () => {
      await db.cli('credit', '1', '1_000', '--reason', 'x');
      await db.cli('credit', '2', '50', '--reason', 'x');
      const run = await db.cli('level-formula', 'set', 'exponential:100,1.5');
      expect(run.code).toBe(EXIT.OK);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe('Level formula: sqrt → exponential (base 100, factor 1.5)');
      expect(lines[1]).toBe('Recomputed 1 profile(s); 1 changed level.');
      expect(lines.slice(3, 7)).toEqual(['    1                    0', '    2                  100', '    3                  250', '    4                  475']);
      expect((await db.cli('balance', '1', '--json')).json().level).toBe(5);
      expect((await db.cli('level-formula', 'show')).stdout.split('\n')[0]).toBe('Level formula: exponential (base 100, factor 1.5)');
    });

    it('set a custom expression (words joined) with --json; the change is audited', async () => {
      await db.cli('credit', '1', '450', '--reason', 'x');
      const json = (await db.cli('level-formula', 'set', 'floor(total_earned / 150)', '+', '1', '--json')).json();
      expect(json).toMatchObject({ formula: 'floor(total_earned / 150) + 1', profiles: 1, levelsChanged: 1 });
      expect(json.change).toMatchObject({ key: 'levels.formula', changedBy: 'cli', newValue: { kind: 'custom', expression: 'floor(total_earned / 150) + 1' } });
      expect(json.preview.slice(0, 3)).toEqual([
        { level: 1, from: 0 },
        { level: 2, from: 150 },
        { level: 3, from: 300 },
      ]);
      expect((await db.cli('balance', '1', '--json')).json().level).toBe(4);
      expect((await db.cli('settings', 'audit', '--key', 'levels.formula', '--json')).json().entries).toHaveLength(1);
    });

    it('a formula that decreases or does not parse is INVALID_FORMULA and changes nothing', async () => {
      for (const formula of ['1 - total_earned', 'total_earned +', 'linear:abc', 'process.exit(1)']) {
        const run = await db.cli('level-formula', 'set', formula, '--json');
        expect(run.code, formula).toBe(EXIT.REFUSED);
        expect(run.json().error.code, formula).toBe('INVALID_FORMULA');
      }
      const human = await db.cli('level-formula', 'set', '1 - total_earned');
      expect(human.stderr).toMatch(/^refused \(INVALID_FORMULA\): /);
      expect((await db.cli('level-formula', 'show', '--json')).json().formula).toBe('sqrt');
      const viaSettings = await db.cli('settings', 'set', 'levels.formula', 'max(1, 2 - total_earned)', '--json');
      expect(viaSettings.code).toBe(EXIT.REFUSED);
      expect(viaSettings.json().error.code).toBe('INVALID_FORMULA');
    });
  });
}
