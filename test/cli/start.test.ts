import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { FakeBotApi } from '../../src/bot/testing/fake-bot-api.js';
import { testDialects } from '../helpers/dialects.js';
import { runBesitos, useCliDatabase } from './cli-harness.js';

for (const dialect of testDialects()) {
  describe(`besitos status (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('migrates an empty database and reports the economy as it stands', async () => {
      const empty = await db.cli('status', '--json');
      expect(empty.code).toBe(EXIT.OK);
      expect(empty.json()).toMatchObject({ members: 0, circulation: 0, transactions: 0, levelFormula: 'sqrt', timezone: 'UTC', channels: [] });

      expect((await db.cli('credit', '7', '120', '--reason', 'welcome')).code).toBe(EXIT.OK);
      expect((await db.cli('debit', '7', '20', '--reason', 'fine')).code).toBe(EXIT.OK);
      const after = (await db.cli('status', '--json')).json();
      expect(after).toMatchObject({ members: 1, profiles: 1, circulation: 100, totalEarned: 120, totalSpent: 20, transactions: 2 });

      const human = await db.cli('status');
      expect(human.stdout).toContain('members 1, in circulation 100 besitos');
      expect(human.stdout).toContain('Run the Telegram bot with BOT_TOKEN set: npm start');
    });
  });

  describe(`besitos start with a token Telegram refuses (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('migrates the database, then stops with exit 5 naming BOT_TOKEN, never printing it', async () => {
      const api = await new FakeBotApi().start();
      try {
        const token = '999999:ANOTHER_TOKEN_THE_FAKE_API_REFUSES_xx';
        const run = await db.cliWith({ env: { BOT_TOKEN: token, BOT_API_ROOT: api.url, LOG_LEVEL: 'info' } }, 'start');
        expect(run.code).toBe(EXIT.CONFIG);
        expect(run.stderr).toContain('BOT_TOKEN: the Bot API refused the token (401 Unauthorized)');
        expect(run.stdout + run.stderr).not.toContain(token);
        expect(run.stdout + run.stderr).not.toContain('ANOTHER_TOKEN');
        // The database was opened and migrated before Telegram was asked.
        expect((await db.cli('migrate', 'status', '--json')).json().pending).toBe(0);
      } finally {
        await api.close();
      }
    });
  });
}

describe('besitos start without a usable configuration', () => {
  it('names every problem of the configuration, one per line, and never prints the token', async () => {
    const token = '1234:not-a-real-token';
    const run = await runBesitos(['start'], { env: { BOT_TOKEN: token, ADMIN_IDS: '12a', VIP_CHANNEL_ID: '42', PORT: 'http' } });
    expect(run.code).toBe(EXIT.CONFIG);
    expect(run.stderr).toBe(
      [
        'The configuration has these 4 problems:',
        '  - BOT_TOKEN: does not look like a bot token: expected <digits>:<about 35 letters, digits, _ or ->, as @BotFather gives it',
        "  - ADMIN_IDS: '12a' is not a Telegram user id (a positive whole number)",
        "  - VIP_CHANNEL_ID: '42' is not a channel or group id (a negative number such as -1001234567890)",
        "  - PORT: 'http' is not a port (0 to 65535)",
        '',
      ].join('\n'),
    );
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(run.stdout + run.stderr).not.toContain('not-a-real-token');
  });

  it('without a token, a problem in the rest of the configuration still stops the start (the bot is optional, the rest is not)', async () => {
    const run = await runBesitos(['start'], { env: { TIMEZONE: 'Nowhere/Land' } });
    expect(run.code).toBe(EXIT.CONFIG);
    expect(run.stderr).toBe("The configuration has this problem:\n  - TIMEZONE: 'Nowhere/Land' is not an IANA time zone (e.g. UTC, Europe/Madrid)\n");
  });

  it('--json prints the problems as one object', async () => {
    const run = await runBesitos(['start', '--json'], { env: { GROUP_IDS: '-1,2' } });
    expect(run.code).toBe(EXIT.CONFIG);
    expect(run.json()).toEqual({
      error: {
        code: 'INVALID_CONFIG',
        message: 'the configuration is invalid',
        problems: ["GROUP_IDS: '2' is not a channel or group id (a negative number such as -1001234567890)"],
      },
    });
  });

  it('reads the config file from --config or BESITOS_CONFIG, the environment winning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'besitos-start-'));
    const file = join(dir, 'besitos.json');
    writeFileSync(file, JSON.stringify({ adminIds: ['x1'], freeChannelId: -100 }));
    const viaFlag = await runBesitos(['start', '--config', file], { env: { BOT_TOKEN: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1' } });
    expect(viaFlag.code).toBe(EXIT.CONFIG);
    expect(viaFlag.stderr).toContain(`adminIds (in ${file}): 'x1' is not a Telegram user id`);
    const viaEnv = await runBesitos(['start'], { env: { BESITOS_CONFIG: file, ADMIN_IDS: 'y2' } });
    expect(viaEnv.stderr).toContain("ADMIN_IDS: 'y2' is not a Telegram user id");
    expect(viaEnv.stderr).not.toContain('x1');
    const missing = await runBesitos(['start', '--config', join(dir, 'nope.json')], {});
    expect(missing.stderr).toContain(`${join(dir, 'nope.json')}: cannot read the config file (no such file)`);
  });

  it('--help lists every setting and the exit codes', async () => {
    const run = await runBesitos(['start', '--help']);
    expect(run.code).toBe(EXIT.OK);
    for (const name of ['BOT_TOKEN', 'ADMIN_IDS', 'FREE_CHANNEL_ID', 'VIP_CHANNEL_ID', 'GROUP_IDS', 'TIMEZONE', 'DATABASE_URL', 'WEBHOOK_URL', 'WEBHOOK_SECRET', 'PORT', 'HOST', 'BOT_API_ROOT', 'LOG_LEVEL']) {
      expect(run.stdout).toContain(`  ${name} `);
    }
    expect(run.stdout).toContain('5 configuration missing or invalid');
  });
});
