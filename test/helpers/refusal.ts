/** The code and details of the EconomyError a promise rejects with (fails when it resolves or throws anything else). */
import { EconomyError } from '../../src/core/errors.js';

export async function refusal(p: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof EconomyError) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('expected a refusal');
}
