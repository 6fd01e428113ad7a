/**
 * Validation of an admin's reward (SPEC §6): every field range-checked, refusals are
 * INVALID_INPUT naming the field (`conditions[1].value`) with the range in `details`.
 */
import { checkStorableText } from '../storable-text.js';
import type { ErrorDetailsMap } from '../error-details.js';
import { EconomyError } from '../errors.js';
import type { RewardClaimMode, RewardConditionType, RewardKind, RewardRow } from '../../storage/rewards-tables.js';
import { CONDITION_TYPES, THRESHOLD_RANGES, type RewardCondition } from './reward-conditions.js';

export const REWARD_KINDS = ['BESITOS', 'CONTENT', 'BADGE', 'VIP_DAYS'] as const satisfies readonly RewardKind[];
export const CLAIM_MODES = ['auto', 'manual'] as const satisfies readonly RewardClaimMode[];

export const LIMITS = {
  name: 100,
  description: 1000,
  badgeName: 64,
  badgeEmoji: 16,
  amount: [1, 1_000_000_000],
  days: [1, 3650],
  contentSetId: [1, Number.MAX_SAFE_INTEGER],
  cooldownHours: [1, 8760],
  maxClaims: [1, 10_000],
  claimWindowHours: [1, 8760],
  conditions: 20,
  group: [0, 100],
} as const;

export interface RewardConditionInput {
  type: RewardConditionType;
  /** Threshold conditions only. */
  value?: number | null;
  /** 0 (default): must hold; 1, 2, …: at least one of the group. */
  group?: number;
}

/** What an admin gives to create a reward (update takes any subset). */
export interface RewardInput {
  name: string;
  description?: string;
  kind: RewardKind;
  /** BESITOS: besitos paid (capped at `rewards.besitos_cap` when granted). */
  amount?: number;
  /** VIP_DAYS: days of VIP (capped at `rewards.vip_days_cap` when granted). */
  days?: number;
  /** CONTENT: the content set delivered. */
  contentSetId?: number;
  /** BADGE: its name and emoji. */
  badgeName?: string;
  badgeEmoji?: string;
  /** Default false (once). */
  repeatable?: boolean;
  /** Repeatable: hours between one claim and the next unlock (1–8760, default 24). */
  cooldownHours?: number;
  /** Repeatable: most occurrences per member (1–10,000), null for no maximum. */
  maxClaims?: number | null;
  /** Default false: a secret reward is shown only once unlocked. */
  secret?: boolean;
  /** Default auto (granted on unlock); manual: claimed within a window. */
  claimMode?: RewardClaimMode;
  /** Manual: hours to claim (1–8760); null or absent uses `rewards.manual_claim_window_hours`. */
  claimWindowHours?: number | null;
  /** Default true. */
  active?: boolean;
  conditions: RewardConditionInput[];
}

/** The validated reward, as its row stores it. */
export interface RewardDefinition {
  name: string;
  description: string;
  kind: RewardKind;
  value: number | null;
  badgeName: string | null;
  badgeEmoji: string | null;
  repeatable: boolean;
  cooldownHours: number | null;
  maxClaims: number | null;
  secret: boolean;
  claimMode: RewardClaimMode;
  claimWindowHours: number | null;
  active: boolean;
  conditions: RewardCondition[];
}

function invalid(field: string, message: string, details: Omit<ErrorDetailsMap['INVALID_INPUT'], 'field'> = {}): EconomyError {
  return new EconomyError('INVALID_INPUT', `${field}: ${message}`, { field, ...details });
}

function intIn(value: unknown, [min, max]: readonly [number, number], field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(field, `must be a whole number from ${min} to ${max}`, { min, max, value });
  }
  return value;
}

function text(value: unknown, max: number, field: string, required: boolean): string {
  if (value === undefined || value === null) {
    if (required) throw invalid(field, 'is required');
    return '';
  }
  if (typeof value !== 'string') throw invalid(field, 'must be text');
  const trimmed = checkStorableText(value, field).trim();
  if (required && trimmed.length === 0) throw invalid(field, 'is required');
  if ([...trimmed].length > max) throw invalid(field, `at most ${max} characters`, { max });
  return trimmed;
}

function bool(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalid(field, 'must be true or false');
  return value;
}

function absent(input: RewardInput, field: keyof RewardInput, why: string): void {
  if (input[field] !== undefined && input[field] !== null) throw invalid(field, `only goes with ${why}`);
}

/** A reward id as every method takes it (admins' and members'). */
export function checkRewardId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw invalid('reward', 'must be a reward id (a positive whole number)');
  return value;
}

export function rewardNotFound(id: number): EconomyError {
  return new EconomyError('NOT_FOUND', `no reward ${id}`, { rewardId: id });
}

export function checkRewardInput(input: RewardInput): RewardDefinition {
  if (typeof input !== 'object' || input === null) throw invalid('reward', 'is required');
  const name = text(input.name, LIMITS.name, 'name', true);
  const description = text(input.description, LIMITS.description, 'description', false);
  if (!(REWARD_KINDS as readonly unknown[]).includes(input.kind)) {
    throw invalid('kind', `must be one of ${REWARD_KINDS.join(', ')}`);
  }
  const kind = input.kind;
  let value: number | null = null;
  let badgeName: string | null = null;
  let badgeEmoji: string | null = null;
  if (kind !== 'BESITOS') absent(input, 'amount', 'kind BESITOS');
  if (kind !== 'VIP_DAYS') absent(input, 'days', 'kind VIP_DAYS');
  if (kind !== 'CONTENT') absent(input, 'contentSetId', 'kind CONTENT');
  if (kind !== 'BADGE') {
    absent(input, 'badgeName', 'kind BADGE');
    absent(input, 'badgeEmoji', 'kind BADGE');
  }
  if (kind === 'BESITOS') value = intIn(input.amount, LIMITS.amount, 'amount');
  else if (kind === 'VIP_DAYS') value = intIn(input.days, LIMITS.days, 'days');
  else if (kind === 'CONTENT') value = intIn(input.contentSetId, LIMITS.contentSetId, 'contentSetId');
  else {
    badgeName = text(input.badgeName, LIMITS.badgeName, 'badgeName', true);
    badgeEmoji = text(input.badgeEmoji, LIMITS.badgeEmoji, 'badgeEmoji', true);
  }

  const repeatable = bool(input.repeatable, 'repeatable', false);
  let cooldownHours: number | null = null;
  let maxClaims: number | null = null;
  if (repeatable) {
    cooldownHours = input.cooldownHours === undefined ? 24 : intIn(input.cooldownHours, LIMITS.cooldownHours, 'cooldownHours');
    maxClaims = input.maxClaims === undefined || input.maxClaims === null ? null : intIn(input.maxClaims, LIMITS.maxClaims, 'maxClaims');
  } else {
    absent(input, 'cooldownHours', 'a repeatable reward');
    absent(input, 'maxClaims', 'a repeatable reward');
  }
  const secret = bool(input.secret, 'secret', false);
  const claimMode = input.claimMode ?? 'auto';
  if (!(CLAIM_MODES as readonly unknown[]).includes(claimMode)) throw invalid('claimMode', 'must be auto or manual');
  let claimWindowHours: number | null = null;
  if (claimMode === 'manual') {
    if (input.claimWindowHours !== undefined && input.claimWindowHours !== null) {
      claimWindowHours = intIn(input.claimWindowHours, LIMITS.claimWindowHours, 'claimWindowHours');
    }
  } else {
    absent(input, 'claimWindowHours', 'claim mode manual');
  }
  const active = bool(input.active, 'active', true);
  return {
    name,
    description,
    kind,
    value,
    badgeName,
    badgeEmoji,
    repeatable,
    cooldownHours,
    maxClaims,
    secret,
    claimMode,
    claimWindowHours,
    active,
    conditions: checkConditions(input.conditions),
  };
}

export function checkConditions(list: unknown): RewardCondition[] {
  if (!Array.isArray(list) || list.length === 0) throw invalid('conditions', 'at least one condition is required');
  if (list.length > LIMITS.conditions) throw invalid('conditions', `at most ${LIMITS.conditions} conditions`, { max: LIMITS.conditions });
  return list.map((raw, i): RewardCondition => {
    const field = `conditions[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw invalid(field, 'must be an object {type, value?, group?}');
    const c = raw as RewardConditionInput;
    if (!(CONDITION_TYPES as readonly unknown[]).includes(c.type)) {
      throw invalid(`${field}.type`, `must be one of ${CONDITION_TYPES.join(', ')}`);
    }
    const group = c.group === undefined ? 0 : intIn(c.group, LIMITS.group, `${field}.group`);
    const range = THRESHOLD_RANGES[c.type];
    if (range) return { type: c.type, value: intIn(c.value, range, `${field}.value`), group };
    if (c.value !== undefined && c.value !== null) throw invalid(`${field}.value`, `${c.type} takes no value`);
    return { type: c.type, value: null, group };
  });
}

/** The stored reward as the input that would create it (the base an update is laid over). */
export function inputOf(row: RewardRow, conditions: readonly RewardCondition[]): RewardInput {
  const value = row.value === null ? undefined : Number(row.value);
  return {
    name: row.name,
    description: row.description,
    kind: row.kind,
    ...(row.kind === 'BESITOS' ? { amount: value } : {}),
    ...(row.kind === 'VIP_DAYS' ? { days: value } : {}),
    ...(row.kind === 'CONTENT' ? { contentSetId: value } : {}),
    ...(row.kind === 'BADGE' ? { badgeName: row.badge_name ?? '', badgeEmoji: row.badge_emoji ?? '' } : {}),
    repeatable: row.repeatable === 1,
    ...(row.repeatable === 1 ? { cooldownHours: row.cooldown_hours ?? 24, maxClaims: row.max_claims } : {}),
    secret: row.secret === 1,
    claimMode: row.claim_mode,
    ...(row.claim_mode === 'manual' ? { claimWindowHours: row.claim_window_hours } : {}),
    active: row.active === 1,
    conditions: conditions.map((c) => ({ type: c.type, value: c.value, group: c.group })),
  } as RewardInput;
}

/**
 * An update laid over the stored reward: fields of the old kind, of repeating or of the
 * manual window are dropped when the update changes what they belong to.
 */
export function mergeUpdate(base: RewardInput, patch: Partial<RewardInput>): RewardInput {
  const merged: RewardInput = { ...base };
  const drop = (...fields: Array<keyof RewardInput>) => {
    for (const f of fields) if (!(f in patch)) delete merged[f];
  };
  if (patch.kind !== undefined && patch.kind !== base.kind) drop('amount', 'days', 'contentSetId', 'badgeName', 'badgeEmoji');
  if (patch.repeatable === false) drop('cooldownHours', 'maxClaims');
  if (patch.claimMode === 'auto') drop('claimWindowHours');
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}
