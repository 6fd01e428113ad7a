/** The daily gift (SPEC §4): the menu button and `/regalo`. A refusal (ALREADY_CLAIMED, with the wait) is the error boundary's. */
import type { DailyClaim } from '../../../core/index.js';
import type { BotContext } from '../../context.js';
import { memberIdOf } from './view.js';

export async function claimDaily(ctx: BotContext): Promise<DailyClaim> {
  return ctx.besitos.economy.daily.claim(memberIdOf(ctx));
}

/** "+20 besitos + 2 de racha (racha 1)". */
export function claimText(ctx: BotContext, claim: DailyClaim): string {
  return ctx.t('member-daily-claimed', { base: claim.base, bonus: claim.bonus, streak: claim.streak });
}
