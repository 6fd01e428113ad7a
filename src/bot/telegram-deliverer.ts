/** The shop's Deliverer port over the Bot API (SPEC §5): media groups for photo sets, single files otherwise. */
import type { Api } from 'grammy';
import type { Logger } from 'pino';
import type { Deliverer } from '../core/shop/index.js';

export class TelegramDeliverer implements Deliverer {
  constructor(
    readonly api: Api,
    readonly logger: Logger,
  ) {}

  async deliver(): Promise<void> {
    throw new Error('not built yet');
  }
}
