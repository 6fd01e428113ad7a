/** Economy settings (SPEC §8), as an admin changes them: validated, audited. */
import { z } from 'zod';
import { plainSettingChange } from '../../core/index.js';
import { engineChecked } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';

/** Who the audit says made a change when the line does not say. */
export const SIMULATE_CHANGED_BY = 'simulate';

const setSetting = defineOperation(
  'set_setting',
  z.strictObject({
    key: z.string(),
    // A JSON value of the key's type (`30`, `["❤️"]`, `"Europe/Madrid"`); the store validates it.
    value: engineChecked<unknown>('value'),
    by: z.string().optional(),
  }),
  async (a, { economy }) => plainSettingChange(await economy.settings.set(a.key, a.value, a.by ?? SIMULATE_CHANGED_BY)),
);

export const settingsOperations: readonly Operation[] = [setSetting];
