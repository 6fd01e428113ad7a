/**
 * The delivery part of the shop on its own (no database: `send` only talks to the port):
 * how many tries `deliveryAttempts` allows, a permanent failure stopping at once, every
 * failed attempt told to `onDeliveryError` with what it was for, a throwing logger never
 * changing the outcome, and the port installed by `setDeliverer` read at delivery time.
 */
import { describe, expect, it } from 'vitest';
import type { EngineContext } from '../../../src/core/engine-context.js';
import { Delivery } from '../../../src/core/shop/delivery.js';
import { ScriptedDeliverer, type ContentSet, type DeliveryErrorInfo, type Purchase } from '../../../src/core/shop/index.js';

// `send` never reaches the context; the parts that read or write the database are tested through the shop.
const NO_CONTEXT = {} as EngineContext;
const SET: ContentSet = { id: 7, name: 'Pack', items: [{ kind: 'photo', fileId: 'F' }], createdAt: new Date(0), updatedAt: new Date(0) };
const PURCHASE = { id: 3, productId: 5 } as Purchase;
const REWARD = { rewardId: 4, memberRewardId: 9, occurrence: 1, name: 'Welcome' };

function setup(deps: { deliveryAttempts?: number; throwingLogger?: boolean } = {}) {
  const port = new ScriptedDeliverer();
  const told: Array<{ err: unknown; info: DeliveryErrorInfo }> = [];
  const delivery = new Delivery(NO_CONTEXT, {
    ...(deps.deliveryAttempts !== undefined ? { deliveryAttempts: deps.deliveryAttempts } : {}),
    onDeliveryError: (err, info) => {
      told.push({ err, info });
      if (deps.throwingLogger) throw new Error('logger down');
    },
  });
  delivery.setDeliverer(port);
  return { port, told, delivery };
}

describe('shop delivery', () => {
  it('tries deliveryAttempts times before a temporary failure counts as permanent', async () => {
    const { port, told, delivery } = setup({ deliveryAttempts: 5 });
    port.fail({ permanent: false, times: 4 });
    expect(await delivery.send(1, SET, { purchase: PURCHASE })).toBe(true);
    expect(port.attempts.map((a) => a.ok)).toEqual([false, false, false, false, true]);
    expect(told.map((t) => [t.info.attempt, t.info.permanent])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
    ]);

    port.fail({ permanent: false });
    expect(await delivery.send(1, SET, { purchase: PURCHASE })).toBe(false);
    expect(port.attempts).toHaveLength(10);
    expect(told.at(-1)?.info).toEqual({ memberId: 1, attempt: 5, permanent: true, purchaseId: 3 });
  });

  it('a permanent failure stops at the first try; a reward is named by reward and occurrence row', async () => {
    const { port, told, delivery } = setup();
    port.fail({ permanent: true });
    expect(await delivery.send(2, SET, { reward: REWARD })).toBe(false);
    expect(port.attempts).toHaveLength(1);
    expect(told.map((t) => t.info)).toEqual([{ memberId: 2, attempt: 1, permanent: true, rewardId: 4, memberRewardId: 9 }]);
  });

  it('a logger that throws changes nothing: the retries go on and the answer stands', async () => {
    const { port, told, delivery } = setup({ throwingLogger: true });
    port.fail({ permanent: false, times: 2 });
    expect(await delivery.send(1, SET, { purchase: PURCHASE })).toBe(true);
    expect(told).toHaveLength(2);
  });

  it('setDeliverer replaces the port for the next delivery', async () => {
    const { port, delivery } = setup();
    const other = new ScriptedDeliverer();
    delivery.setDeliverer(other);
    expect(delivery.deliverer).toBe(other);
    expect(await delivery.send(1, SET, { purchase: PURCHASE })).toBe(true);
    expect(port.attempts).toEqual([]);
    expect(other.delivered).toEqual([{ memberId: 1, contentSetId: 7, purchaseId: 3, ok: true }]);
  });

  it('refuses a deliveryAttempts that is not a positive whole number', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new Delivery(NO_CONTEXT, { deliveryAttempts: bad })).toThrow(RangeError);
    }
  });
});
