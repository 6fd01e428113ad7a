import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defaultRegistry, OPERATION_AREAS } from '../../src/simulate/operations/index.js';
import { defineOperation, OperationRegistry } from '../../src/simulate/registry.js';
import { simulate } from '../../src/simulate/simulate.js';
import { testDialects } from '../helpers/dialects.js';
import { linesOf, useSimulation } from './simulate-fixture.js';

describe('the operation registry', () => {
  it('holds every area\'s operations', () => {
    expect(defaultRegistry().names()).toEqual([
      'add_channel',
      'buy',
      'catalog',
      'claim_daily',
      'claim_reward',
      'create_content_set',
      'create_product',
      'create_reward',
      'credit',
      'daily_status',
      'debit',
      'delete_reward',
      'fail_delivery',
      'grant_vip',
      'history',
      'leaderboard',
      'leaderboard_position',
      'list_rewards',
      'member',
      'member_days',
      'metrics',
      'profile',
      'publish_post',
      'purchases',
      'react',
      'reaction_counts',
      'reaction_status',
      'redeliver',
      'redeliver_reward',
      'refresh_stats',
      'refund',
      'register',
      'rewards',
      'role_changes',
      'run_jobs',
      'set_leaderboard',
      'set_level_formula',
      'set_reminders',
      'set_role',
      'set_setting',
      'set_translation',
      'spend',
      'streaks',
      'translations',
      'update_content_set',
      'update_product',
      'update_reward',
      'verify',
    ]);
  });

  it('refuses one name registered twice, at start', () => {
    const again = defineOperation('credit', z.strictObject({}), async () => ({}));
    expect(() => new OperationRegistry([...OPERATION_AREAS.flat(), again])).toThrow('simulate operation "credit" is registered twice');
  });
});

describe('simulate with an extra area (sqlite)', () => {
  const sim = useSimulation(testDialects()[0]!);

  it('a new area plugs in with its own operations and sees the line\'s time', async () => {
    const registry = defaultRegistry().register(
      defineOperation('clock', z.strictObject({ label: z.string() }), async (a, { clock }) => ({ label: a.label, now: new Date(clock.now()) })),
    );
    const { outcomes } = await sim.run(
      [
        { at: '2025-06-01T10:00:00Z', op: 'clock', label: 'first' },
        { op: 'clock', label: 3 },
      ],
      registry,
    );
    expect(outcomes[0]).toEqual({ ok: true, result: { label: 'first', now: '2025-06-01T10:00:00.000Z' } });
    expect(outcomes[1].error).toMatchObject({ code: 'INVALID_INPUT', field: 'label' });
  });

  it('an unexpected failure (not a refusal) stops the run; the outcomes before it stand', async () => {
    const registry = defaultRegistry().register(
      defineOperation('boom', z.strictObject({}), async () => {
        throw new Error('disk on fire');
      }),
    );
    const written: string[] = [];
    await expect(
      simulate(
        linesOf([{ at: '2025-06-01T10:00:00Z', op: 'credit', member: 1, amount: 5 }, { op: 'boom' }, { op: 'profile', member: 1 }]),
        sim.economy,
        sim.clock,
        (line) => written.push(line),
        registry,
      ),
    ).rejects.toThrow('disk on fire');
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]!).ok).toBe(true);
  });
});
