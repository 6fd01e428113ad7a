/** `besitos simulate` as a library: run JSON-lines scenarios against an economy. */
export { simulate, type Outcome, type SimulateSummary } from './simulate.js';
export { defineOperation, OperationRegistry, type Operation, type OperationContext, type PreparedOperation } from './registry.js';
export { defaultRegistry, OPERATION_AREAS } from './operations/index.js';
