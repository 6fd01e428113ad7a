/**
 * The outgoing queue (toasts first): while an update is handled, a notification's enqueue
 * returns once queued; with no update in flight it waits for the send (bounded by waitMs);
 * a full queue holds the enqueuer back instead of dropping the job.
 */
import { describe, expect, it } from 'vitest';
import { OutgoingQueue } from '../../src/bot/outgoing-queue.js';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('OutgoingQueue', () => {
  it('does not wait for the send while an update is handled, and does outside one', async () => {
    const queue = new OutgoingQueue({ waitMs: 10_000 });
    const send = gate();
    const order: string[] = [];
    expect(queue.answeringFirst).toBe(false);
    await queue.answerFirst(async () => {
      expect(queue.answeringFirst).toBe(true);
      await queue.enqueue(async () => {
        await send.promise;
        order.push('sent');
      });
      order.push('answered');
    });
    expect(queue.answeringFirst).toBe(false);
    expect(order).toEqual(['answered']);
    send.open();
    await queue.idle();
    expect(order).toEqual(['answered', 'sent']);

    // No update in flight: the caller reads its notification in order after its operation.
    const later = gate();
    const outside = queue.enqueue(async () => {
      await later.promise;
      order.push('sent again');
    });
    await Promise.resolve();
    order.push('still waiting');
    later.open();
    await outside;
    order.push('returned');
    expect(order.slice(2)).toEqual(['still waiting', 'sent again', 'returned']);
  });

  it('counts updates in flight: the flag drops only when the last one ends, even when one throws', async () => {
    const queue = new OutgoingQueue();
    const first = gate();
    const a = queue.answerFirst(() => first.promise);
    const b = queue.answerFirst(async () => {
      throw new Error('boom');
    });
    await expect(b).rejects.toThrow('boom');
    expect(queue.answeringFirst).toBe(true);
    first.open();
    await a;
    expect(queue.answeringFirst).toBe(false);
  });

  it('gives up waiting after waitMs outside an update, the job still runs', async () => {
    const queue = new OutgoingQueue({ waitMs: 20 });
    const send = gate();
    let sent = false;
    await queue.enqueue(async () => {
      await send.promise;
      sent = true;
    });
    expect(sent).toBe(false);
    expect(queue.size).toBe(1);
    send.open();
    await queue.idle();
    expect(sent).toBe(true);
  });

  it('holds an enqueuer back when full, and drops nothing', async () => {
    const queue = new OutgoingQueue({ capacity: 2, concurrency: 1 });
    const send = gate();
    const done: number[] = [];
    let fourthQueued = false;
    await queue.answerFirst(async () => {
      for (let i = 0; i < 3; i++) {
        await queue.enqueue(async () => {
          await send.promise;
          done.push(i);
        });
      }
      // One running, two waiting: the fourth must wait for a place.
      const fourth = queue.enqueue(async () => void done.push(3)).then(() => (fourthQueued = true));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(fourthQueued).toBe(false);
      send.open();
      await fourth;
    });
    await queue.idle();
    expect(done).toEqual([0, 1, 2, 3]);
  });

  it("runs one chat's jobs in order, one at a time, while other chats' jobs pass", async () => {
    const queue = new OutgoingQueue({ concurrency: 8 });
    const slow = gate();
    const order: string[] = [];
    await queue.answerFirst(async () => {
      // The announcement reads the database first (slow); the album right after it does not.
      await queue.enqueue(async () => {
        await slow.promise;
        order.push('7: announced');
      }, 7);
      await queue.enqueue(async () => {
        order.push('7: album');
      }, 7);
      await queue.enqueue(async () => {
        order.push('8: message');
      }, 8);
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['8: message']);
    expect(queue.size).toBe(2);
    slow.open();
    await queue.idle();
    expect(order).toEqual(['8: message', '7: announced', '7: album']);
  });
});
