/** Benchmark `credit`: a reaction earning (the commonest movement), always on the fast path. */
import type { BenchDefinition } from './workload.js';

const TYPE = 'EARN_REACTION';

export const creditBench: BenchDefinition = {
  name: 'credit',
  sign: 1,
  engine: (ledger, memberId, amount) => ledger.credit({ memberId, amount, type: TYPE }),
  // What Ledger.credit hands the repository for that call (no reason, no metadata, no key).
  movement: (memberId, amount, at) => ({
    memberId,
    amount,
    earned: amount,
    spent: 0,
    type: TYPE,
    reason: '',
    metadata: '{}',
    idempotencyKey: null,
    at,
  }),
};
