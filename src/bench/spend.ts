/** Benchmark `spend`: a shop purchase by a funded member (never refused). */
import type { BenchDefinition } from './workload.js';

const TYPE = 'SPEND_SHOP';

export const spendBench: BenchDefinition = {
  name: 'spend',
  sign: -1,
  engine: (ledger, memberId, amount) => ledger.spend({ memberId, amount, type: TYPE }),
  // What Ledger.spend hands the repository for that call.
  movement: (memberId, amount, at) => ({
    memberId,
    amount: -amount,
    earned: 0,
    spent: amount,
    type: TYPE,
    reason: '',
    metadata: '{}',
    idempotencyKey: null,
    at,
  }),
};
