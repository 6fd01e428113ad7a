/**
 * Messages the bot sends on its own, from engine events (SPEC §2, §4, §6):
 * - a reward: ONE message per unlock. An auto reward is unlocked and granted in one go
 *   (`reward.unlocked` then `reward.granted`): the message waits for the grant, which
 *   carries the value after the cap. A manual reward says "claim it before …" at unlock; its
 *   later grant is the member's own press in the bot, answered there, so no message.
 * - a level-up (`level.changed` upwards);
 * - an admin's credit or debit (`movement.admin`): what moved, why (the admin's reason, as
 *   written) and the balance after it;
 * - the streak reminder (`streak.at_risk`; the engine emits it only for members who opted
 *   in and did not block the bot). Subscribing to it is what turns the day-boundary job's
 *   reminders on (`reminders: 'auto'`).
 * Every message goes through the bot's bounded outgoing queue (outgoing-queue.ts, issue 14):
 * inside a bot update (a press) the listener returns once the message is queued, so the
 * press is answered first; outside one (an admin's credit, a job) the operation still waits
 * for its message at most `NOTIFY_WAIT_MS`, then the send finishes in the background.
 * Only members the bot may write to first get anything (`reachable`: they have a private
 * chat with the bot and did not block it; issue 10, defect 6): a member who only reacts in
 * a channel earns silently and reads it in the bot once they open it. A 403 still marks a
 * member (blocked-members.ts). Failures are logged, never thrown into the engine.
 */
import { type EventMap, formatWait } from '../../../core/index.js';
import type { BotDeps } from '../../bot-deps.js';
import type { Locale } from '../../locale-cache.js';
import { describe } from '../../../log/describe.js';
import { prizeText } from './rewards.js';

export function startNotifications(deps: BotDeps): () => void {
  const { economy, logger } = deps;

  // Queued on the bot's outgoing queue (outgoing-queue.ts): inside an update the listener
  // returns once queued, so the press is answered before the message goes out.
  const send = (memberId: number, what: string, build: (locale: Locale) => string | Promise<string>): Promise<void> =>
    deps.outgoing.enqueue(async () => {
      try {
        const member = await economy.membership.get(memberId);
        if (!member?.reachable) {
          logger.debug({ memberId, notification: what }, 'notification skipped: no private chat with the bot');
          return;
        }
        const locale = deps.locales.ofMember(member);
        await deps.api.sendMessage(memberId, await build(locale));
      } catch (err) {
        logger.warn({ memberId, notification: what, err: describe(err) }, 'notification not sent');
      }
    }, memberId);
  const t = (locale: Locale) => (key: string, vars?: Record<string, string | number>) => deps.i18n.t(locale, key, vars);
  const dateIn = async (ms: number, locale: Locale) =>
    new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'es-ES', {
      timeZone: (await economy.settings.all())['economy.timezone'],
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(ms);

  // A reward's name (and badge) in the member's language, else the default text.
  const rewardText = async (rewardId: number, locale: Locale, name: string, badge: { name: string; emoji: string } | null = null) => {
    const found = (await economy.translations.localized('reward', [rewardId], locale)).get(rewardId);
    return { name: found?.name ?? name, badge: badge && found?.badgeName ? { ...badge, name: found.badgeName } : badge };
  };

  const offs = [
    economy.events.on('reward.unlocked', (e: EventMap['reward.unlocked']) => {
      if (e.claimMode === 'auto') return; // told once granted, with the value after the cap
      const expiresAt = e.expiresAt;
      return send(e.memberId, 'reward.unlocked', async (locale) =>
        t(locale)('member-notify-reward-manual', { name: (await rewardText(e.rewardId, locale, e.name)).name, until: expiresAt === null ? '—' : await dateIn(expiresAt, locale) }),
      );
    }),
    economy.events.on('reward.granted', (e: EventMap['reward.granted']) => {
      if (e.claimMode === 'manual') return; // the member's own claim, answered in the chat
      return send(e.memberId, 'reward.granted', async (locale) => {
        const tr = t(locale);
        const { name, badge } = await rewardText(e.rewardId, locale, e.name, e.badge);
        // The engine sends the set right after this event: say it is on its way.
        if (e.kind === 'CONTENT') return tr('member-notify-reward-content', { name });
        return tr('member-notify-reward', { name, prize: prizeText(tr, e.kind, e.value, badge) });
      });
    }),
    economy.events.on('movement.admin', (e: EventMap['movement.admin']) => {
      const key = e.amount > 0 ? 'member-notify-admin-credit' : 'member-notify-admin-debit';
      return send(e.memberId, 'movement.admin', (locale) => {
        const tr = t(locale);
        const why = e.reason.trim() === '' ? '' : `${tr('member-notify-admin-reason', { reason: e.reason })} `;
        return tr(key, { amount: Math.abs(e.amount), why, balance: e.balance });
      });
    }),
    economy.events.on('level.changed', (e: EventMap['level.changed']) => {
      if (e.to <= e.from) return;
      return send(e.memberId, 'level.changed', (locale) => t(locale)('member-notify-level', { level: e.to }));
    }),
    economy.events.on('streak.at_risk', (e: EventMap['streak.at_risk']) => {
      return send(e.memberId, 'streak.at_risk', (locale) =>
        t(locale)('member-notify-streak', { streak: e.streak, wait: formatWait(e.boundaryAt - e.at, locale) }),
      );
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
