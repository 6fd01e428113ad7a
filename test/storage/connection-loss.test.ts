/**
 * When a lost connection may be met by running the work again (connection-loss.ts): the
 * rules alone, on made-up failures, so each case is exact. The same rules on a real
 * PostgreSQL whose connections are cut are in test/faults/.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionLostError, isConnectionLoss, lossOutcome, withReconnects } from '../../src/storage/connection-loss.js';

const pgError = (code: string, message = 'terminating connection due to administrator command') => Object.assign(new Error(message), { code });
const terminated = () => new Error('Connection terminated unexpectedly');
const notQueryable = () => new Error('Client has encountered a connection error and is not queryable');

/** Work that fails with the given errors, one per call, then answers 'done'. */
function failing(...errors: Error[]) {
  const work = async () => {
    work.calls++;
    const err = errors.shift();
    if (err) throw err;
    return 'done';
  };
  work.calls = 0;
  return work;
}

describe('isConnectionLoss', () => {
  it('knows the driver and server words for a connection that went away', () => {
    for (const err of [
      pgError('57P01'),
      pgError('57P02', 'terminating connection because of crash of another server process'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006', 'connection failure'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      terminated(),
      notQueryable(),
    ]) {
      expect(isConnectionLoss(err), err.message).toBe(true);
    }
  });

  it('leaves the database refusals and everything else alone', () => {
    for (const err of [
      pgError('23505', 'duplicate key value violates unique constraint'),
      pgError('40001', 'could not serialize access'),
      pgError('28P01', 'password authentication failed'),
      Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY' }),
      new Error('boom'),
      null,
      'text',
    ]) {
      expect(isConnectionLoss(err)).toBe(false);
    }
  });

  it('a statement the client never sent changed nothing; one sent without answer may have', () => {
    expect(lossOutcome(notQueryable())).toBe('not-applied');
    expect(lossOutcome(pgError('57P01'))).toBe('unknown');
    expect(lossOutcome(terminated())).toBe('unknown');
    expect(lossOutcome(new Error('boom'))).toBeUndefined();
  });
});

describe('withReconnects', () => {
  it('runs again what cannot have committed, even without a key', async () => {
    const work = failing(notQueryable(), new ConnectionLostError('not-applied', pgError('57P01')));
    await expect(withReconnects(work, { repeatable: false })).resolves.toBe('done');
    expect(work.calls).toBe(3);
  });

  it('never runs again, without a key, what may have committed: it says the outcome is unknown', async () => {
    const work = failing(pgError('57P01'));
    const err = await withReconnects(work, { repeatable: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionLostError);
    expect(err).toMatchObject({ outcome: 'unknown', final: true });
    expect(work.calls).toBe(1);
  });

  it('runs again what may have committed when a key makes the second run a replay', async () => {
    const work = failing(pgError('57P01'), terminated());
    await expect(withReconnects(work, { repeatable: true })).resolves.toBe('done');
    expect(work.calls).toBe(3);
  });

  it('gives up after a few tries, and a given-up failure is not tried again by an outer caller', async () => {
    const work = failing(...Array.from({ length: 10 }, notQueryable));
    const err = await withReconnects(() => withReconnects(work, { repeatable: true }), { repeatable: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ConnectionLostError', outcome: 'not-applied', final: true });
    expect(work.calls).toBe(4);
  });

  it('passes any other failure through at once', async () => {
    const refusal = pgError('23505', 'duplicate key');
    const work = failing(refusal);
    await expect(withReconnects(work, { repeatable: true })).rejects.toBe(refusal);
    expect(work.calls).toBe(1);
  });
});
