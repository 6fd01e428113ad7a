/**
 * The VIP access port (SPEC §7): the engine decides what is due about a member's way into
 * the VIP channel and records it; an adapter (the bot: bot/vip-access/telegram-vip-access.ts)
 * does the Telegram part. Like the shop's Deliverer, installed with `vipAccess.setPort`.
 *
 * A port method throws `VipAccessRefused` when the bot lacks an admin right in the channel
 * (the engine tells the admins once and tries again later), `VipAccessUnreachable` when the
 * member cannot be messaged (the task waits until they can), an error with `permanent: true`
 * when the call can never succeed (the task is given up), anything else to be retried.
 */

/** The admin rights the bot needs in a VIP channel, as Telegram names them. */
export type VipAccessRight = 'can_invite_users' | 'can_restrict_members';

export type VipAccessMessage =
  | { kind: 'reminder'; vipExpiresAt: Date; daysLeft: number }
  | { kind: 'ended' };

export interface VipInvite {
  memberId: number;
  channelId: number;
  /** The one-use link expires with the membership. */
  vipExpiresAt: Date;
}

/** What `invite` did: sent a new one-use link, or found the member already in (told of the extension). */
export type VipInviteOutcome = { kind: 'link'; link: string } | { kind: 'already_member' };

export interface VipAccessPort {
  /** A way in for a VIP: a one-use link (member_limit 1, expiring) sent in private, or, already in, a word on the new expiry. */
  invite(input: VipInvite): Promise<VipInviteOutcome>;
  /** Out of the channel, allowed back later (ban, then unban only if banned); unused links revoked. */
  remove(input: { memberId: number; channelId: number; links: string[] }): Promise<void>;
  /** A message to the member in their private chat. */
  tell(input: { memberId: number; message: VipAccessMessage }): Promise<void>;
  /** Tells the admins which right the bot lacks in the channel. */
  tellAdmins(input: { adminIds: number[]; channelId: number; right: VipAccessRight }): Promise<void>;
}

export class VipAccessRefused extends Error {
  readonly permanent = false;
  constructor(
    readonly channelId: number,
    readonly right: VipAccessRight,
    message: string,
  ) {
    super(message);
    this.name = 'VipAccessRefused';
  }
}

export class VipAccessUnreachable extends Error {
  readonly permanent = false;
  constructor(message: string) {
    super(message);
    this.name = 'VipAccessUnreachable';
  }
}

/** What a join request to a channel gets: approve an active VIP (or admin), decline others, ignore non-VIP channels. */
export type JoinDecision = 'approve' | 'decline' | 'ignore';

export interface VipAccessReport {
  /** Tasks attempted this run, by outcome. */
  done: number;
  retried: number;
  skipped: number;
  failed: number;
  /** Rights newly found missing (admins told). */
  alerts: Array<{ channelId: number; right: VipAccessRight }>;
}
