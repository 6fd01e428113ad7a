import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { testDialects } from '../helpers/dialects.js';
import { useCliDatabase } from './cli-harness.js';

for (const dialect of testDialects()) {
  describe(`besitos credit / debit / balance / history (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('credit creates the member, records {"by":"cli"} and prints amounts with separators', async () => {
      const run = await db.cli('credit', '42', '1_500', '--reason', 'welcome');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('Credited 1,500 besitos to member 42 (EARN_ADMIN, transaction #1).');
      expect(run.stdout).toContain('balance 1,500');
      expect(run.stdout).toContain('level 4 (up from level 1)');

      const json = (await db.cli('history', '42', '--json')).json();
      expect(json.total).toBe(1);
      expect(json.items[0]).toMatchObject({ amount: 1500, type: 'EARN_ADMIN', reason: 'welcome', metadata: { by: 'cli' }, balanceAfter: 1500 });
      expect(json.items[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    });

    it('credit --json prints the movement; --type picks an earning type; --key makes a repeat move nothing', async () => {
      const first = await db.cli('credit', '7', '100', '--reason', 'daily', '--type', 'earn_daily', '--key', 'k1', '--json');
      expect(first.code).toBe(EXIT.OK);
      expect(first.json()).toMatchObject({
        transaction: { memberId: 7, amount: 100, type: 'EARN_DAILY', idempotencyKey: 'k1', metadata: { by: 'cli' } },
        balances: { balance: 100, totalEarned: 100, totalSpent: 0, level: 2 },
        replayed: false,
        levelChange: { from: 1, to: 2 },
      });
      const again = await db.cli('credit', '7', '100', '--reason', 'daily', '--type', 'EARN_DAILY', '--key', 'k1');
      expect(again.code).toBe(EXIT.OK);
      expect(again.stdout).toContain('Nothing moved: key "k1" was already used by transaction #1');
      expect((await db.cli('balance', '7', '--json')).json().balance).toBe(100);
    });

    it('a --key reused for another amount or operation is refused IDEMPOTENCY_CONFLICT (exit 3), naming what differs', async () => {
      expect((await db.cli('credit', '10', '100', '--reason', 'seed')).code).toBe(EXIT.OK);
      expect((await db.cli('debit', '10', '10', '--reason', 'x', '--key', 'k')).code).toBe(EXIT.OK);
      const other = await db.cli('debit', '10', '20', '--reason', 'x', '--key', 'k', '--json');
      expect(other.code).toBe(EXIT.REFUSED);
      expect(other.json().error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'amount', first: 10, now: 20 });
      const credit = await db.cli('credit', '10', '10', '--reason', 'x', '--key', 'k');
      expect(credit.code).toBe(EXIT.REFUSED);
      expect(credit.stderr).toMatch(/^refused \(IDEMPOTENCY_CONFLICT\): .*operation debit → credit/);
      expect((await db.cli('balance', '10', '--json')).json().balance).toBe(90);
    });

    it('member ids are plain digits: 1e3, 1_000, +1000 and 1000.0 credit nobody (exit 2)', async () => {
      for (const id of ['1e3', '1_000', '+1000', '1000.0']) {
        const run = await db.cli('credit', id, '10', '--reason', 'x');
        expect(run.code, id).toBe(EXIT.USAGE);
      }
      expect((await db.cli('balance', '1000', '--json')).json()).toMatchObject({ exists: false, balance: 0 });
      expect((await db.cli('credit', '1000', '10', '--reason', 'x')).code).toBe(EXIT.OK);
    });

    it('credit refuses a spending type as a usage error', async () => {
      const run = await db.cli('credit', '7', '100', '--reason', 'x', '--type', 'SPEND_SHOP');
      expect(run.code).toBe(EXIT.USAGE);
      expect(run.stderr).toContain('Expected one of EARN_REACTION');
      expect(run.stdout).toBe('');
    });

    it('credit refuses amounts the ledger refuses: INVALID_AMOUNT, exit 3, nothing written', async () => {
      for (const amount of ['0', '-5', '1.5', '1000000001']) {
        const run = await db.cli('credit', '7', amount, '--reason', 'x', '--json');
        expect(run.code, amount).toBe(EXIT.REFUSED);
        expect(run.json().error).toMatchObject({ code: 'INVALID_AMOUNT' });
        expect(run.stderr).toBe('');
      }
      const human = await db.cli('credit', '7', '0', '--reason', 'x');
      expect(human.code).toBe(EXIT.REFUSED);
      expect(human.stdout).toBe('');
      expect(human.stderr).toMatch(/^refused \(INVALID_AMOUNT\): amount must be a whole number/);
      expect((await db.cli('history', '7', '--json')).json().total).toBe(0);
    });

    it('a blank reason is refused (INVALID_INPUT)', async () => {
      const run = await db.cli('credit', '7', '10', '--reason', '   ', '--json');
      expect(run.code).toBe(EXIT.REFUSED);
      expect(run.json()).toEqual({ error: { code: 'INVALID_INPUT', message: 'a reason is required', field: 'reason' } });
    });

    it('debit takes besitos as SPEND_ADMIN and obeys the balance (INSUFFICIENT_FUNDS with the numbers)', async () => {
      await db.cli('credit', '5', '300', '--reason', 'seed');
      const ok = await db.cli('debit', '5', '120', '--reason', 'penalty');
      expect(ok.code).toBe(EXIT.OK);
      expect(ok.stdout).toContain('Debited 120 besitos from member 5 (SPEND_ADMIN, transaction #2).');
      expect(ok.stdout).toContain('balance 180 · earned 300 · spent 120');

      const refused = await db.cli('debit', '5', '181', '--reason', 'too much', '--json');
      expect(refused.code).toBe(EXIT.REFUSED);
      expect(refused.json()).toEqual({
        error: { code: 'INSUFFICIENT_FUNDS', message: expect.any(String), balance: 180, amount: 181 },
      });
      const history = (await db.cli('history', '5', '--json')).json();
      expect(history.total).toBe(2);
      expect(history.items[0]).toMatchObject({ type: 'SPEND_ADMIN', amount: -120, metadata: { by: 'cli' }, reason: 'penalty' });
    });

    it('debit of a member never seen is UNKNOWN_MEMBER', async () => {
      const run = await db.cli('debit', '999', '1', '--reason', 'x', '--json');
      expect(run.code).toBe(EXIT.REFUSED);
      expect(run.json().error).toMatchObject({ code: 'UNKNOWN_MEMBER', memberId: 999 });
    });

    it('debit with a used --key answers the first result and moves nothing', async () => {
      await db.cli('credit', '5', '100', '--reason', 'seed');
      expect((await db.cli('debit', '5', '40', '--reason', 'fine', '--key', 'd1')).code).toBe(EXIT.OK);
      const again = await db.cli('debit', '5', '40', '--reason', 'fine', '--key', 'd1', '--json');
      expect(again.json()).toMatchObject({ replayed: true, balances: { balance: 60 } });
    });

    it('balance shows a profile with the next level and what is missing', async () => {
      await db.cli('credit', '8', '1_000', '--reason', 'x');
      await db.cli('debit', '8', '250', '--reason', 'y');
      const human = await db.cli('balance', '8');
      expect(human.code).toBe(EXIT.OK);
      expect(human.stdout).toBe(
        [
          'Member 8',
          '  Balance         750',
          '  Total earned  1,000',
          '  Total spent     250',
          '  Level             4',
          '  Next level    5 at 1,600 earned (600 to go)',
          '',
        ].join('\n'),
      );
      const json = (await db.cli('balance', '8', '--json')).json();
      expect(json).toMatchObject({ memberId: 8, exists: true, balance: 750, totalEarned: 1000, totalSpent: 250, level: 4 });
      expect(json.progress).toMatchObject({ nextLevel: 5, nextLevelAt: 1600, missing: 600 });
    });

    it('balance of an unknown member: balance 0, level 1, no profile yet', async () => {
      const run = await db.cli('balance', '12345');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toContain('Member 12345 (no profile yet)');
      expect(run.stdout).toContain('Next level    2 at 100 earned (100 to go)');
    });

    it('history filters by types (repeated or comma list), pages with --cursor, filters by time', async () => {
      await db.cli('credit', '3', '100', '--reason', 'a');
      await db.cli('credit', '3', '50', '--reason', 'b', '--type', 'EARN_REACTION');
      await db.cli('debit', '3', '30', '--reason', 'c');
      await db.cli('credit', '3', '20', '--reason', 'd', '--type', 'EARN_DAILY');

      const all = await db.cli('history', '3');
      expect(all.code).toBe(EXIT.OK);
      expect(all.stdout).toMatch(/^ID\s+TIME\s+TYPE\s+AMOUNT\s+BALANCE\s+REASON\n/);
      expect(all.stdout).toContain('4 shown, 4 in all.');

      const typed = (await db.cli('history', '3', '--type', 'EARN_ADMIN,spend_admin', '--json')).json();
      expect(typed.items.map((t: { reason: string }) => t.reason)).toEqual(['c', 'a']);
      const repeated = (await db.cli('history', '3', '--type', 'EARN_REACTION', '--type', 'EARN_DAILY', '--json')).json();
      expect(repeated.items.map((t: { reason: string }) => t.reason)).toEqual(['d', 'b']);

      const page1 = await db.cli('history', '3', '--limit', '3');
      const cursor = /Next page: --cursor (\S+)/.exec(page1.stdout)?.[1];
      expect(cursor).toBeDefined();
      const page2 = (await db.cli('history', '3', '--limit', '3', '--cursor', cursor as string, '--json')).json();
      expect(page2).toMatchObject({ total: 4, nextCursor: null });
      expect(page2.items.map((t: { reason: string }) => t.reason)).toEqual(['a']);

      expect((await db.cli('history', '3', '--from', '2999-01-01T00:00:00Z', '--json')).json()).toMatchObject({ items: [], total: 0 });
      expect((await db.cli('history', '3', '--to', '2999-01-01', '--json')).json().total).toBe(4);
      expect((await db.cli('history', '3', '--from', '2999-01-01')).stdout).toBe('No movements found.\n');
      expect((await db.cli('history', '77')).stdout).toBe('No movements found.\n');
    });

    it('global options go before or after the command', async () => {
      await db.cli('credit', '4', '10', '--reason', 'x');
      // db.cli puts --database first; --json goes on either side of the command.
      expect((await db.cli('--json', 'balance', '4')).json()).toMatchObject({ memberId: 4, balance: 10 });
      expect((await db.cli('balance', '4', '--json')).json()).toMatchObject({ memberId: 4, balance: 10 });
    });

    it('history refuses a limit out of range (INVALID_INPUT, exit 3) and a bad cursor', async () => {
      const limit = await db.cli('history', '3', '--limit', '101', '--json');
      expect(limit.code).toBe(EXIT.REFUSED);
      expect(limit.json().error).toMatchObject({ code: 'INVALID_INPUT', field: 'limit' });
      const cursor = await db.cli('history', '3', '--cursor', 'nonsense', '--json');
      expect(cursor.json().error).toMatchObject({ code: 'INVALID_INPUT', field: 'cursor' });
    });
  });
}
