/**
 * Another process writing to a ledger until told to stop, for the backup-under-load test:
 *
 *   node --import tsx test/helpers/credit-loop-worker.ts <database-url> <max>
 *
 * Opens the economy, prints `ready`, waits for a line on stdin, then credits members 1–50
 * (amounts 1–7) one after another until a second line (`stop`) arrives or <max> credits
 * were made, and prints one JSON line: {"moved":n}.
 */
import { createInterface } from 'node:readline';
import { openEconomy } from '../../src/core/index.js';

async function main(): Promise<void> {
  const [url, maxText] = process.argv.slice(2);
  const max = Number(maxText);
  if (!url || !(max > 0)) throw new Error('usage: credit-loop-worker.ts <url> <max>');
  const economy = await openEconomy(url);
  let lines = 0;
  let go: () => void = () => {};
  const started = new Promise<void>((resolve) => (go = resolve));
  createInterface({ input: process.stdin }).on('line', () => {
    lines += 1;
    go();
  });
  process.stdout.write('ready\n');
  await started;
  let moved = 0;
  try {
    while (lines < 2 && moved < max) {
      await economy.ledger.credit({ memberId: (moved % 50) + 1, amount: (moved % 7) + 1, reason: 'load' });
      moved += 1;
      // SQLite's fast path completes synchronously: without a turn of the event loop now and
      // then, the `stop` line on stdin would never be read.
      if (moved % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await economy.close();
  }
  process.stdout.write(`${JSON.stringify({ moved })}\n`);
  process.stdin.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
