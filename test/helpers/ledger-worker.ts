/**
 * A separate process hammering one ledger, for the cross-process tests:
 *
 *   node --import tsx test/helpers/ledger-worker.ts <database-url> <mode> <memberId> <count> [key]
 *
 * mode `spend`: <count> spends of 1 (SPEND_SHOP); mode `credit-key`: <count> credits of 1
 * all with the idempotency key [key]; mode `migrate` (memberId and count ignored): one
 * migrateToLatest, `moved` = the migrations this process ran. The worker opens the storage, prints `ready`, waits
 * for a line on stdin (so every worker starts at once), runs, and prints one JSON line of
 * its counts: {"moved":…,"replayed":…,"refused":{"CODE":n},"transactionIds":[…]}.
 */
import { createInterface } from 'node:readline';
import { systemClock } from '../../src/core/clock.js';
import { EconomyError } from '../../src/core/errors.js';
import { Ledger } from '../../src/core/ledger/ledger.js';
import { createEngineContext } from '../../src/core/engine-context.js';
import { openStorage } from '../../src/storage/connect.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

export interface WorkerCounts {
  moved: number;
  replayed: number;
  refused: Record<string, number>;
  transactionIds: number[];
}

async function main(): Promise<void> {
  const [url, mode, memberText, countText, key] = process.argv.slice(2);
  const memberId = Number(memberText);
  const count = Number(countText);
  if (!url || !['spend', 'credit-key', 'migrate'].includes(mode ?? '') || !(memberId > 0) || !(count > 0) || (mode === 'credit-key' && !key)) {
    throw new Error('usage: ledger-worker.ts <url> spend|credit-key|migrate <memberId> <count> [key]');
  }
  const storage = await openStorage(url);
  const engine = createEngineContext({ storage, clock: systemClock });
  const ledger = new Ledger(engine);
  const counts: WorkerCounts = { moved: 0, replayed: 0, refused: {}, transactionIds: [] };
  try {
    const lines = createInterface({ input: process.stdin });
    const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
    process.stdout.write('ready\n');
    await go;
    lines.close();
    if (mode === 'migrate') {
      counts.moved = (await migrateToLatest(storage)).results?.length ?? 0;
    }
    for (let i = 0; mode !== 'migrate' && i < count; i += 1) {
      try {
        const r =
          mode === 'spend'
            ? await ledger.spend({ memberId, amount: 1 })
            : await ledger.credit({ memberId, amount: 1, idempotencyKey: key! });
        if (r.replayed) counts.replayed += 1;
        else counts.moved += 1;
        if (!counts.transactionIds.includes(r.transaction.id)) counts.transactionIds.push(r.transaction.id);
      } catch (err) {
        if (!(err instanceof EconomyError)) throw err;
        counts.refused[err.code] = (counts.refused[err.code] ?? 0) + 1;
      }
    }
  } finally {
    await engine.settings.close();
    await storage.close();
  }
  process.stdout.write(`${JSON.stringify(counts)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
