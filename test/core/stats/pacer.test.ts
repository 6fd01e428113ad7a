/**
 * The pacer (stats/pacer.ts) on PostgreSQL's signal: pool clients checked out by others are
 * presses in flight, so a pause sleeps after a slice only when one is out.
 */
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../src/core/stats/pacer.js';
import type { Storage } from '../../../src/storage/connect.js';

/** A pool whose counts the test sets: `out` clients checked out of `total`. */
function fakePool() {
  const pool = { totalCount: 4, idleCount: 4, waitingCount: 0 };
  const storage = { dialect: 'postgres', pgPool: pool } as unknown as Storage;
  const checkOut = (out: number) => {
    pool.idleCount = pool.totalCount - out;
  };
  return { storage, checkOut };
}

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('Pacer', () => {
  it('sleeps after a slice when a client is out, not when none is', async () => {
    const { storage, checkOut } = fakePool();
    // A share of 0.1 makes the sleep nine times the slice (~45 ms after 5 ms of work), so a
    // loaded machine, whose turn of the event loop can itself take a few ms, cannot eat it.
    const pacer = new Pacer(storage, 0.1);
    busy(5);
    await pacer.pause();
    expect(pacer.yielded).toBe(0);
    checkOut(1);
    busy(5);
    await pacer.pause();
    expect(pacer.yielded).toBe(1);
  });

});
