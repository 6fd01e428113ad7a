/**
 * Rewards (SPEC §6) from the bot: the list with their conditions, switching on and off,
 * deleting (after a confirmation), and a flow that creates one with its conditions in the
 * same conversation. Conditions come in groups: every condition of group 0 must hold;
 * each group 1, 2, … needs at least one of its conditions.
 */
import { Composer, InlineKeyboard } from 'grammy';
import { CLAIM_MODES, CONDITION_TYPES, REWARD_LIMITS as LIMITS, REWARD_KINDS, type RewardConditionInput, type RewardInput, type RewardView, THRESHOLD_RANGES } from '../../../core/index.js';
import type { BaseContext, BotContext } from '../../context.js';
import { adminAction, adminOnly } from '../../admin-guard.js';
import { adminData, flow } from './callback-data.js';
import {
  adminOf,
  ask,
  askContentSet,
  choiceKeyboard,
  choiceOf,
  confirmAndRun,
  ok,
  orNone,
  textOf,
  wholeNumber,
  type AdminConversation,
} from './flow-kit.js';
import { FLOWS, enter } from './flows.js';
import { show } from './screen.js';

const MAX_LISTED = 20;
/** Quick buttons for the group of a condition; any number 0–100 can be typed. */
const GROUP_BUTTONS = [0, 1, 2, 3];

type ConditionLike = { type: string; value?: number | null | undefined; group?: number | undefined };

export function conditionText(ctx: BaseContext, c: ConditionLike): string {
  const name = ctx.t(`admin-condition-${c.type}`);
  return c.value === null || c.value === undefined ? name : `${name} ≥ ${c.value}`;
}

/** "[0] A · B | [1] C o D": group 0 joined with "and", other groups with "or". */
export function conditionsText(ctx: BaseContext, conditions: readonly ConditionLike[]): string {
  const groups = new Map<number, string[]>();
  for (const c of conditions) {
    const g = c.group ?? 0;
    groups.set(g, [...(groups.get(g) ?? []), conditionText(ctx, c)]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([g, list]) => ctx.t(g === 0 ? 'admin-conditions-all' : 'admin-conditions-any', { group: g, list: list.join(g === 0 ? ' + ' : ' | ') }))
    .join('\n');
}

/** What a reward gives; a content set by its name when known (`setNames`), else by number. */
function rewardWhat(ctx: BaseContext, r: Pick<RewardView, 'kind' | 'value' | 'badge'>, setNames: ReadonlyMap<number, string> = new Map()): string {
  switch (r.kind) {
    case 'BESITOS':
      return ctx.t('admin-besitos', { amount: r.value ?? 0 });
    case 'VIP_DAYS':
      return ctx.t('admin-vip-days', { days: r.value ?? 0 });
    case 'CONTENT':
      return setNames.get(r.value ?? 0) ?? ctx.t('admin-content-ref', { id: String(r.value ?? 0) });
    case 'BADGE':
      return `${r.badge?.emoji ?? ''} ${r.badge?.name ?? ''}`.trim();
  }
}

export async function rewardsScreen(ctx: BaseContext, adminId: number): Promise<void> {
  const [rewards, sets] = await Promise.all([ctx.besitos.economy.rewards.listRewards(adminId), ctx.besitos.economy.shop.contentSets(adminId)]);
  const setNames = new Map(sets.map((s) => [s.id, s.name]));
  const keyboard = new InlineKeyboard();
  for (const r of rewards.slice(0, MAX_LISTED)) {
    keyboard
      .text(ctx.t(r.active ? 'admin-button-deactivate' : 'admin-button-activate', { id: String(r.id) }), r.active ? adminData.rewardOff.pack({ rewardId: r.id }) : adminData.rewardOn.pack({ rewardId: r.id }))
      .text(ctx.t('admin-button-delete', { id: String(r.id) }), adminData.rewardDelete.pack({ rewardId: r.id }))
      .text(ctx.t('admin-button-translate', { id: String(r.id) }), adminData.rewardTranslate.pack({ rewardId: r.id })) // translate-flow.ts
      .row();
  }
  keyboard.text(ctx.t('admin-button-new-reward'), adminData.newReward.pack()).row().text(ctx.t('admin-button-back'), adminData.menu.pack());
  const body =
    rewards.length > 0
      ? rewards
          .map((r) =>
            ctx.t('admin-reward-line', {
              id: String(r.id),
              name: r.name,
              what: rewardWhat(ctx, r, setNames),
              // "recompensa" is feminine: "activa".
              state: ctx.t(r.active ? 'admin-state-active' : 'admin-state-inactive', { gender: 'feminine' }),
              conditions: conditionsText(ctx, r.conditions),
            }),
          )
          .join('\n\n')
      : ctx.t('admin-rewards-empty');
  await show(ctx, `${ctx.t('admin-rewards-title')}\n\n${body}`, keyboard);
}

export async function confirmDeleteScreen(ctx: BaseContext, adminId: number, rewardId: number): Promise<void> {
  const reward = await ctx.besitos.economy.rewards.getReward(adminId, rewardId);
  const keyboard = new InlineKeyboard()
    .text(ctx.t('admin-button-delete-confirm'), adminData.rewardDeleteConfirm.pack({ rewardId }))
    .row()
    .text(ctx.t('admin-button-back'), adminData.rewards.pack());
  await show(ctx, ctx.t('admin-reward-delete-ask', { id: String(reward.id), name: reward.name }), keyboard);
}

export async function rewardFlow(conversation: AdminConversation, ctx: BaseContext): Promise<void> {
  const adminId = adminOf(ctx);
  const { economy } = ctx.besitos;
  const none = new InlineKeyboard().text(ctx.t('admin-button-none'), flow('none'));
  const yesNo = choiceKeyboard(
    [
      { label: ctx.t('admin-button-yes'), value: 'YES' },
      { label: ctx.t('admin-button-no'), value: 'NO' },
    ],
    'yn',
  );
  const yesOrNo = choiceOf('yn', ['YES', 'NO'] as const);

  const name = await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-name', { max: LIMITS.name }) }, textOf(1, LIMITS.name));
  const description = await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-description', { max: LIMITS.description }) }, textOf(0, LIMITS.description));
  const kind = await ask(
    conversation,
    ctx,
    { text: ctx.t('admin-reward-ask-kind'), keyboard: choiceKeyboard(REWARD_KINDS.map((k) => ({ label: ctx.t(`admin-reward-kind-${k}`), value: k })), 'kind') },
    choiceOf('kind', REWARD_KINDS),
  );

  const input: RewardInput = { name, description, kind, conditions: [] };
  let contentSetName: string | null = null;
  if (kind === 'BESITOS') {
    const [min, max] = LIMITS.amount;
    input.amount = await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-amount', { min, max }) }, wholeNumber(min, max));
  } else if (kind === 'VIP_DAYS') {
    const [min, max] = LIMITS.days;
    input.days = await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-days', { min, max }) }, wholeNumber(min, max));
  } else if (kind === 'CONTENT') {
    const set = await askContentSet(conversation, ctx, adminId);
    if (set === null) return;
    input.contentSetId = set.id;
    contentSetName = set.name;
  } else {
    input.badgeName = await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-badge-name', { max: LIMITS.badgeName }) }, textOf(1, LIMITS.badgeName));
    input.badgeEmoji = await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-badge-emoji', { max: LIMITS.badgeEmoji }) }, textOf(1, LIMITS.badgeEmoji));
  }

  // Conditions: type → value (threshold types) → group, until "Done".
  const conditions: RewardConditionInput[] = [];
  for (;;) {
    const listed = conditions.length > 0 ? `\n\n${conditionsText(ctx, conditions)}` : '';
    const keyboard = choiceKeyboard(CONDITION_TYPES.map((t) => ({ label: ctx.t(`admin-condition-${t}`), value: t })), 'cond');
    if (conditions.length > 0) keyboard.row().text(ctx.t('admin-button-done'), flow('done'));
    const picked = await ask(
      conversation,
      ctx,
      { text: `${ctx.t('admin-reward-ask-condition', { count: conditions.length, max: LIMITS.conditions })}${listed}`, keyboard },
      (a) => {
        if (a.choice === 'done' && conditions.length > 0) return ok('DONE' as const);
        return choiceOf('cond', CONDITION_TYPES)(a);
      },
    );
    if (picked === 'DONE') break;
    const range = THRESHOLD_RANGES[picked];
    const value = range
      ? await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-condition-value', { condition: ctx.t(`admin-condition-${picked}`), min: range[0], max: range[1] }) }, wholeNumber(range[0], range[1]))
      : null;
    const [gmin, gmax] = LIMITS.group;
    const group = await ask(
      conversation,
      ctx,
      { text: ctx.t('admin-reward-ask-group', { min: gmin, max: gmax }), keyboard: choiceKeyboard(GROUP_BUTTONS.map((g) => ({ label: String(g), value: g })), 'group', 4) },
      (a) => (a.choice?.startsWith('group:') ? ok(Number(a.choice.slice(6))) : wholeNumber(gmin, gmax)(a)),
    );
    conditions.push({ type: picked, value, group });
    if (conditions.length >= LIMITS.conditions) break;
  }
  input.conditions = conditions;

  input.repeatable =
    (await ask(
      conversation,
      ctx,
      {
        text: ctx.t('admin-reward-ask-repeatable'),
        keyboard: choiceKeyboard(
          [
            { label: ctx.t('admin-reward-once'), value: 'ONCE' },
            { label: ctx.t('admin-reward-repeatable'), value: 'REPEAT' },
          ],
          'rep',
        ),
      },
      choiceOf('rep', ['ONCE', 'REPEAT'] as const),
    )) === 'REPEAT';
  if (input.repeatable) {
    const [cmin, cmax] = LIMITS.cooldownHours;
    input.cooldownHours = await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-cooldown', { min: cmin, max: cmax }) }, wholeNumber(cmin, cmax));
    const [mmin, mmax] = LIMITS.maxClaims;
    input.maxClaims = await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-max-claims', { min: mmin, max: mmax }), keyboard: none }, orNone(wholeNumber(mmin, mmax)));
  }
  input.secret = (await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-secret'), keyboard: yesNo }, yesOrNo)) === 'YES';
  input.claimMode = await ask(
    conversation,
    ctx,
    { text: ctx.t('admin-reward-ask-claim-mode'), keyboard: choiceKeyboard(CLAIM_MODES.map((m) => ({ label: ctx.t(`admin-reward-mode-${m}`), value: m })), 'mode') },
    choiceOf('mode', CLAIM_MODES),
  );
  if (input.claimMode === 'manual') {
    const [wmin, wmax] = LIMITS.claimWindowHours;
    input.claimWindowHours = await ask(conversation, ctx, { text: ctx.t('admin-reward-ask-window', { min: wmin, max: wmax }), keyboard: none }, orNone(wholeNumber(wmin, wmax)));
  }

  const summary = ctx.t('admin-reward-summary', {
    name,
    what: rewardWhat(ctx, {
      kind,
      value: input.amount ?? input.days ?? input.contentSetId ?? null,
      badge: input.badgeName !== undefined ? { name: input.badgeName, emoji: input.badgeEmoji ?? '' } : null,
    }, contentSetName !== null && input.contentSetId !== undefined ? new Map([[input.contentSetId, contentSetName]]) : undefined),
    conditions: conditionsText(ctx, conditions),
    repeat: input.repeatable ? ctx.t('admin-reward-repeatable') : ctx.t('admin-reward-once'),
    secret: ctx.t(input.secret ? 'admin-button-yes' : 'admin-button-no'),
    mode: ctx.t(`admin-reward-mode-${input.claimMode}`),
  });
  const created = await confirmAndRun(conversation, ctx, adminId, summary, async () => {
    const reward = await economy.rewards.createReward(adminId, input);
    return { id: String(reward.id), name: reward.name };
  });
  if (created === null) return;
  await ctx.reply(ctx.t('admin-reward-created', { id: created.id, name: created.name }), {
    reply_markup: new InlineKeyboard().text(ctx.t('admin-button-rewards'), adminData.rewards.pack()).row().text(ctx.t('admin-button-menu'), adminData.menu.pack()),
  });
}

/** The rewards screen's buttons: the list, a new reward, on, off, delete (asked, then confirmed). */
export function rewardsButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(adminData.rewards.filter, adminOnly((ctx, adminId) => rewardsScreen(ctx, adminId)));
  composer.filter(adminData.newReward.filter, adminOnly((ctx) => enter(ctx, FLOWS.reward)));
  const { rewardOn, rewardOff, rewardDelete, rewardDeleteConfirm } = adminData;
  composer.filter(rewardOn.filter, adminAction((ctx, adminId) => ctx.besitos.economy.rewards.activate(adminId, ctx.match.rewardId), rewardsScreen));
  composer.filter(rewardOff.filter, adminAction((ctx, adminId) => ctx.besitos.economy.rewards.deactivate(adminId, ctx.match.rewardId), rewardsScreen));
  composer.filter(rewardDelete.filter, adminOnly((ctx, adminId) => confirmDeleteScreen(ctx, adminId, ctx.match.rewardId)));
  composer.filter(rewardDeleteConfirm.filter, adminAction((ctx, adminId) => ctx.besitos.economy.rewards.deleteReward(adminId, ctx.match.rewardId), rewardsScreen));
  return composer;
}
