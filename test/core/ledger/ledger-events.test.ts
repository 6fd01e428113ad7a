import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { createEconomy, type Economy } from '../../../src/core/engine.js';
import type { EventMap } from '../../../src/core/events.js';
import type { Storage } from '../../../src/storage/connect.js';
import { migratedStorage, testDialects } from '../../helpers/dialects.js';

for (const dialect of testDialects()) {
  describe(`ledger events (${dialect.name})`, () => {
    let economy: Economy;
    let storage: Storage;
    let cleanup: () => Promise<void>;
    const seen: Array<[string, unknown]> = [];

    beforeEach(async () => {
      const migrated = await migratedStorage(dialect);
      cleanup = migrated.cleanup;
      storage = migrated.storage;
      economy = createEconomy({ storage, clock: new ManualClock('2026-02-01T10:00:00Z') });
      seen.length = 0;
      for (const name of ['movement.applied', 'level.changed'] as const) {
        economy.events.on(name, (e: EventMap[typeof name]) => void seen.push([name, e]));
      }
    });
    afterEach(async () => {
      await economy.close();
      await cleanup();
    });

    it('announce committed movements and level changes, after commit', async () => {
      const first = await economy.ledger.credit({ memberId: 5, amount: 99 });
      expect(seen).toEqual([
        ['movement.applied', expect.objectContaining({ memberId: 5, transactionId: first.transaction.id, amount: 99, balance: 99, type: 'EARN_ADMIN' })],
      ]);
      seen.length = 0;
      // Crossing 100 (sqrt preset): level 1 → 2.
      await economy.ledger.credit({ memberId: 5, amount: 1 });
      expect(seen.map(([n]) => n)).toEqual(['movement.applied', 'level.changed']);
      expect(seen[1]![1]).toMatchObject({ memberId: 5, from: 1, to: 2 });
      // A listener sees the committed state: the balance is readable from another query.
      let balanceSeen = -1;
      economy.events.on('movement.applied', async (e) => {
        balanceSeen = await economy.ledger.balance(e.memberId);
      });
      await economy.ledger.spend({ memberId: 5, amount: 30 });
      expect(balanceSeen).toBe(70);
    });

    it('say nothing for refusals and idempotent replays', async () => {
      await economy.ledger.credit({ memberId: 6, amount: 10, idempotencyKey: 'k' });
      seen.length = 0;
      await expect(economy.ledger.spend({ memberId: 6, amount: 11 })).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
      expect((await economy.ledger.credit({ memberId: 6, amount: 10, idempotencyKey: 'k' })).replayed).toBe(true);
      expect(seen).toEqual([]);
    });

    it('a throwing listener does not fail the movement', async () => {
      const errors: unknown[] = [];
      const local = createEconomy({ storage, onListenerError: (err) => void errors.push(err) });
      local.events.on('movement.applied', () => {
        throw new Error('listener broke');
      });
      const result = await local.ledger.credit({ memberId: 7, amount: 3 });
      expect(result.balances.balance).toBe(3);
      expect(errors).toHaveLength(1);
      await local.close();
    });
  });
}
