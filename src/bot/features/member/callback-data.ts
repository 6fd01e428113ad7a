/**
 * Callback data of the member's list screens (the main menu and settings are
 * @grammyjs/menu menus with their own data). Everything starts with `m:` and stays far
 * below Telegram's 64 bytes; numbers are parsed strictly, anything else is ignored.
 */
export const CB = {
  home: 'm:home',
  /** History: page number shown, direction and the engine's keyset cursor. */
  history: (page: number, dir?: 'n' | 'p', cursor?: string) => (dir && cursor ? `m:h:${page}:${dir}:${cursor}` : `m:h:${page}`),
  shop: (page: number) => `m:s:${page}`,
  product: (productId: number, page: number) => `m:p:${productId}:${page}`,
  buy: (productId: number) => `m:b:${productId}`,
  confirm: (productId: number) => `m:ok:${productId}`,
  confirmAgain: (productId: number) => `m:re:${productId}`,
  cancel: 'm:no',
  purchases: (cursor?: string) => (cursor ? `m:mp:${cursor}` : 'm:mp'),
  redeliver: (purchaseId: number) => `m:rd:${purchaseId}`,
  rewards: 'm:rw',
  claim: (rewardId: number) => `m:rc:${rewardId}`,
  /** A claimed CONTENT reward's set, sent again. */
  resendReward: (rewardId: number) => `m:rs:${rewardId}`,
} as const;

export const HISTORY_RE = /^m:h:(\d{1,6})(?::([np]):([A-Za-z0-9_-]{1,24}))?$/;
export const SHOP_RE = /^m:s:(\d{1,6})$/;
export const PRODUCT_RE = /^m:p:(\d{1,15}):(\d{1,6})$/;
export const BUY_RE = /^m:b:(\d{1,15})$/;
export const CONFIRM_RE = /^m:(ok|re):(\d{1,15})$/;
export const PURCHASES_RE = /^m:mp(?::(\d{1,16}))?$/;
export const REDELIVER_RE = /^m:rd:(\d{1,15})$/;
export const CLAIM_RE = /^m:rc:(\d{1,15})$/;
export const RESEND_REWARD_RE = /^m:rs:(\d{1,15})$/;

/** A positive safe integer from a regex group, or null. */
export function idOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
