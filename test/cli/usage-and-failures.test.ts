import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDatabaseUrl, databaseTarget } from '../../src/cli/database-target.js';
import { EXIT, UsageError } from '../../src/cli/exit-codes.js';
import { DEFAULT_DATABASE_URL } from '../../src/storage/connect.js';
import { runBesitos } from './cli-harness.js';

// Every run names a database, so a parse that wrongly succeeded never touches ./data.
const dir = mkdtempSync(join(tmpdir(), 'besitos-cli-usage-'));
const DB = `sqlite:${join(dir, 'usage.db')}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runBesitos(['--database', DB, ...args]);

describe('usage errors: exit 2, a short message on stderr, nothing on stdout', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown command', ['nope'], /^error: unknown command 'nope'\n/],
    ['unknown option', ['balance', '1', '--bogus'], /^error: unknown option '--bogus'\n/],
    ['missing argument', ['credit', '5', '--reason', 'x'], /^error: missing required argument 'amount'\n/],
    ['missing --reason', ['credit', '5', '10'], /^error: required option '--reason <text>' not specified\n/],
    ['member not a number', ['credit', 'abc', '10', '--reason', 'x'], /argument 'member'\. A member is a Telegram id: plain digits, such as 1001\.\n/],
    // Issue 11, failure 7: each of these credited member 1000.
    ['member in exponent notation', ['credit', '1e3', '10', '--reason', 'x'], /argument 'member'\. A member is a Telegram id: plain digits/],
    ['member with an underscore', ['credit', '1_000', '10', '--reason', 'x'], /argument 'member'\. A member is a Telegram id/],
    ['member with a plus sign', ['debit', '+1000', '10', '--reason', 'x'], /argument 'member'\. A member is a Telegram id/],
    ['member with a decimal point', ['balance', '1000.0'], /argument 'member'\. A member is a Telegram id/],
    ['member in history as hex', ['history', '0x3e8'], /argument 'member'\. A member is a Telegram id/],
    ['amount not a number', ['debit', '5', 'ten', '--reason', 'x'], /argument 'amount'\. Not a number\.\n/],
    ['member with letters', ['balance', '12x'], /A member is a Telegram id/],
    ['too many arguments', ['balance', '1', '2'], /^error: too many arguments for 'balance'/],
    ['--limit not a number', ['history', '1', '--limit', 'ten'], /Not a number/],
    ['--from not a time', ['history', '1', '--from', 'yesterday'], /Expected an ISO 8601 time/],
    ['--from without an offset', ['history', '1', '--from', '2025-03-01T10:00'], /Expected an ISO 8601 time/],
    ['unknown --type', ['history', '1', '--type', 'EARN_EVERYTHING'], /Expected one of EARN_REACTION/],
    ['settings without subcommand', ['settings'], /Usage: besitos settings/],
    ['migrate with unknown subcommand', ['migrate', 'sideways'], /unknown command 'sideways'/],
    ['--admin not an id', ['simulate', '--admin', 'bob'], /An admin is a positive integer Telegram id/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const run = await cli(...args);
      expect(run.code).toBe(EXIT.USAGE);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      // Short: the message and a hint, never a help page or a stack trace.
      if (!name.includes('without subcommand')) expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  // Issue 11, failure 8: with --json, commander's usage text went to stderr.
  describe('with --json every usage error is one JSON object on stdout, same exit code, nothing on stderr', () => {
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const run = await cli(...args, '--json');
        expect(run.code).toBe(EXIT.USAGE);
        expect(run.stderr).toBe('');
        expect(run.stdout.endsWith('\n') && run.stdout.trim().split('\n')).toHaveLength(1);
        const { error } = run.json();
        expect(Object.keys(error).sort()).toEqual(['code', 'message']);
        expect(error.code).toBe(name === 'amount not a number' ? 'INVALID_AMOUNT' : 'INVALID_INPUT');
        if (!name.includes('without subcommand')) expect(error.message).toMatch(new RegExp(message.source.replace(/^\^error: /, '').replace(/\\n$/, '')));
      });
    }

    it('credit 1001 abc --json: INVALID_AMOUNT naming the amount', async () => {
      const run = await cli('credit', '1001', 'abc', '--json');
      expect(run.code).toBe(EXIT.USAGE);
      expect(run.stderr).toBe('');
      expect(run.json()).toEqual({ error: { code: 'INVALID_AMOUNT', message: "command-argument value 'abc' is invalid for argument 'amount'. Not a number." } });
    });

    it('--json before the command, a bad DATABASE_URL and an unexpected failure too', async () => {
      const before = await runBesitos(['--json', '--database', DB, 'balance', '1e3']);
      expect([before.code, before.stderr, before.json().error.code]).toEqual([EXIT.USAGE, '', 'INVALID_INPUT']);
      const url = await runBesitos(['--database', 'mysql://root:hunter2@db/x', 'balance', '1', '--json']);
      expect([url.code, url.stderr, url.json().error.code]).toEqual([EXIT.USAGE, '', 'INVALID_INPUT']);
      expect(url.stdout).not.toContain('hunter2');
      const junk = join(dir, 'junk.db');
      writeFileSync(junk, 'not a database, only text: '.repeat(10));
      const broken = await runBesitos(['--database', `sqlite:${junk}`, 'balance', '1', '--json']);
      expect([broken.code, broken.stderr, broken.json().error.code]).toEqual([EXIT.UNEXPECTED, '', 'UNEXPECTED']);
      expect(broken.json().error.message).toMatch(/cannot open the database/);
    });
  });

  it('no command at all prints the help on stderr and exits 2', async () => {
    const run = await runBesitos([]);
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: besitos');
  });

  it('an unsupported database URL, from --database or DATABASE_URL, is a usage error', async () => {
    const flag = await runBesitos(['--database', 'mysql://root:hunter2@db/x', 'balance', '1']);
    expect(flag.code).toBe(EXIT.USAGE);
    expect(flag.stderr).toMatch(/^error: unsupported database URL "mysql:\/\/root:\*\*\*@db\/x"/);
    expect(flag.stderr).not.toContain('hunter2');
    const env = await runBesitos(['balance', '1'], { env: { DATABASE_URL: 'oracle://x' } });
    expect(env.code).toBe(EXIT.USAGE);
    expect(env.stderr).toContain('unsupported database URL');
  });

  it('a bad BESITOS_ADMINS is a usage error of simulate', async () => {
    const run = await runBesitos(['simulate'], { env: { BESITOS_ADMINS: '1,two' }, stdin: '' });
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.stderr).toBe('error: BESITOS_ADMINS: "two" is not a Telegram id\n');
  });
});

describe('help and version exit 0 on stdout', () => {
  it('--help lists every command, the database rule and the exit codes', async () => {
    const run = await runBesitos(['--help']);
    expect(run.code).toBe(EXIT.OK);
    expect(run.stderr).toBe('');
    for (const command of ['migrate', 'credit', 'debit', 'balance', 'history', 'verify', 'settings', 'level-formula', 'simulate', 'bench']) {
      expect(run.stdout).toMatch(new RegExp(`\\n  ${command} `));
    }
    expect(run.stdout).toContain('Database: --database, else $DATABASE_URL, else sqlite:./data/besitos.db.');
    expect(run.stdout).toContain('Exit codes: 0 ok, 1 unexpected, 2 usage, 3 refused, 4 verify found violations.');
  });

  it('credit --help and debit --help say the CLI is trusted as an admin, with the global options', async () => {
    for (const command of ['credit', 'debit']) {
      const run = await runBesitos([command, '--help']);
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toContain('the CLI is trusted as an admin');
      expect(run.stdout).toContain('Global Options:');
      expect(run.stdout).toContain('--database <url>');
    }
  });

  it('help <command>, nested help and --version', async () => {
    expect((await runBesitos(['help', 'history'])).stdout).toContain('Usage: besitos history [options] <member>');
    const nested = await runBesitos(['settings', 'set', '--help']);
    expect(nested.code).toBe(EXIT.OK);
    expect(nested.stdout).toContain('Usage: besitos settings set [options] <key> <value...>');
    const simulate = await runBesitos(['simulate', '--help']);
    expect(simulate.stdout).toContain('DATABASE_URL is ignored here on purpose');
    const version = await runBesitos(['--version']);
    expect(version).toMatchObject({ code: EXIT.OK, stdout: '0.1.0\n' });
  });
});

describe('unexpected failures: exit 1, the message only, never a password', () => {
  // Nothing listens on port 1: the connection is refused at once.
  const url = 'postgres://besitos:s3cr3t-pw@127.0.0.1:1/economy';

  it('an unreachable database: which one (redacted) and why, no stack trace', async () => {
    const run = await runBesitos(['--database', url, 'balance', '1']);
    expect(run.code).toBe(EXIT.UNEXPECTED);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: cannot open the database postgres:\/\/besitos:\*\*\*@127\.0\.0\.1:1\/economy: /);
    expect(run.stderr).not.toContain('s3cr3t-pw');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    // The same failure with --json: one JSON object on stdout, still redacted.
    const json = await runBesitos(['--database', url, 'balance', '1', '--json']);
    expect([json.code, json.stderr]).toEqual([EXIT.UNEXPECTED, '']);
    expect(json.json().error).toMatchObject({ code: 'UNEXPECTED', message: expect.stringMatching(/^cannot open the database postgres:\/\/besitos:\*\*\*@127/) });
    expect(json.stdout).not.toContain('s3cr3t-pw');
  });

  it('BESITOS_DEBUG=1 adds the stack trace, still without the password', async () => {
    const run = await runBesitos(['--database', url, 'verify'], { env: { BESITOS_DEBUG: '1' } });
    expect(run.code).toBe(EXIT.UNEXPECTED);
    expect(run.stderr).toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain('s3cr3t-pw');
  });

  it('bench refuses backends and concurrencies it does not know as usage errors', async () => {
    expect((await cli('bench', '--backends', 'mysql')).code).toBe(EXIT.USAGE);
    expect((await cli('bench', '--concurrency', '0')).code).toBe(EXIT.USAGE);
  });
});

describe('which database', () => {
  it('--database may also follow the command', async () => {
    const run = await runBesitos(['balance', '1', '--database', DB, '--json']);
    expect(run.code).toBe(EXIT.OK);
    expect(run.json()).toMatchObject({ memberId: 1, balance: 0 });
  });

  it('--database, else DATABASE_URL, else the embedded default', () => {
    expect(chooseDatabaseUrl('sqlite:a.db', { DATABASE_URL: 'sqlite:b.db' })).toBe('sqlite:a.db');
    expect(chooseDatabaseUrl(undefined, { DATABASE_URL: 'sqlite:b.db' })).toBe('sqlite:b.db');
    expect(chooseDatabaseUrl(undefined, { DATABASE_URL: '' })).toBe(DEFAULT_DATABASE_URL);
    expect(chooseDatabaseUrl(undefined, {})).toBe('sqlite:./data/besitos.db');
  });

  it('the URL is checked up front and passed on as given; only its redacted form is shown', () => {
    expect(databaseTarget('postgres://u:pw@db:5432/app?schema=econ_2')).toEqual({
      url: 'postgres://u:pw@db:5432/app?schema=econ_2',
      display: 'postgres://u:***@db:5432/app?schema=econ_2',
    });
    expect(databaseTarget('sqlite:./x.db')).toEqual({ url: 'sqlite:./x.db', display: 'sqlite:./x.db' });
    expect(() => databaseTarget('redis://x')).toThrow(UsageError);
  });
});
