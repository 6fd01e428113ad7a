/**
 * Reads and writes of the reward definitions (`rewards`, `reward_conditions`). Every write
 * runs inside the caller's write transaction. A deleted reward stays as a row (members'
 * occurrences and grants point at it) but no read here returns it.
 */
import type { Executor } from '../../storage/write-transaction.js';
import type { RewardRow } from '../../storage/rewards-tables.js';
import type { RewardCondition } from './reward-conditions.js';
import type { RewardDefinition } from './reward-input.js';

export interface StoredReward {
  row: RewardRow;
  conditions: RewardCondition[];
}

/** Rewards with their conditions, oldest first; deleted ones never. */
export async function loadRewards(db: Executor, filter: { activeOnly?: boolean; ids?: number[] } = {}): Promise<StoredReward[]> {
  let q = db.selectFrom('rewards').selectAll().where('deleted_at', 'is', null);
  if (filter.activeOnly) q = q.where('active', '=', 1);
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    q = q.where('id', 'in', filter.ids);
  }
  const rows = (await q.orderBy('id').execute()).map(normaliseReward);
  if (rows.length === 0) return [];
  const conditions = await db
    .selectFrom('reward_conditions')
    .selectAll()
    .where(
      'reward_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('reward_id')
    .orderBy('position')
    .execute();
  const byReward = new Map<number, RewardCondition[]>();
  for (const c of conditions) {
    const id = Number(c.reward_id);
    let list = byReward.get(id);
    if (!list) byReward.set(id, (list = []));
    list.push({ type: c.type, value: c.value === null ? null : Number(c.value), group: c.group_no });
  }
  return rows.map((row) => ({ row, conditions: byReward.get(row.id) ?? [] }));
}

function normaliseReward(r: RewardRow): RewardRow {
  return {
    ...r,
    id: Number(r.id),
    value: r.value === null ? null : Number(r.value),
    deleted_at: r.deleted_at === null ? null : Number(r.deleted_at),
    created_at: Number(r.created_at),
    updated_at: Number(r.updated_at),
  };
}

export async function insertReward(db: Executor, d: RewardDefinition, at: number): Promise<number> {
  const row = await db
    .insertInto('rewards')
    .values({ ...definitionColumns(d), created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await replaceConditions(db, id, d.conditions);
  return id;
}

export async function updateReward(db: Executor, id: number, d: RewardDefinition, at: number): Promise<boolean> {
  const updated = await db
    .updateTable('rewards')
    .set({ ...definitionColumns(d), updated_at: at })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!updated) return false;
  await replaceConditions(db, id, d.conditions);
  return true;
}

function definitionColumns(d: RewardDefinition) {
  return {
    name: d.name,
    description: d.description,
    kind: d.kind,
    value: d.value,
    badge_name: d.badgeName,
    badge_emoji: d.badgeEmoji,
    repeatable: d.repeatable ? 1 : 0,
    cooldown_hours: d.cooldownHours,
    max_claims: d.maxClaims,
    secret: d.secret ? 1 : 0,
    claim_mode: d.claimMode,
    claim_window_hours: d.claimWindowHours,
    active: d.active ? 1 : 0,
  };
}

async function replaceConditions(db: Executor, rewardId: number, conditions: readonly RewardCondition[]): Promise<void> {
  await db.deleteFrom('reward_conditions').where('reward_id', '=', rewardId).execute();
  await db
    .insertInto('reward_conditions')
    .values(conditions.map((c, position) => ({ reward_id: rewardId, position, type: c.type, value: c.value, group_no: c.group })))
    .execute();
}

/** Switches a reward on or off; false when there is no such reward (or it was deleted). */
export async function setRewardActive(db: Executor, id: number, active: boolean, at: number): Promise<boolean> {
  const row = await db
    .updateTable('rewards')
    .set({ active: active ? 1 : 0, updated_at: at })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Marks a reward deleted (and inactive); false when there is no such reward (or it already was). */
export async function markRewardDeleted(db: Executor, id: number, at: number): Promise<boolean> {
  const row = await db
    .updateTable('rewards')
    .set({ deleted_at: at, active: 0, updated_at: at })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A reward's name, deleted or not (a member's grant outlives its reward). */
export async function readRewardName(db: Executor, id: number): Promise<string | undefined> {
  const row = await db.selectFrom('rewards').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name;
}
