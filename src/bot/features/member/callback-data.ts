/**
 * Callback data of the member's list screens (the main menu and settings are
 * @grammyjs/menu menus with their own data). Everything starts with `m:`; the strings are
 * those of buttons already sent, so they must not change. Each screen registers its own.
 */
import { callbackData, id, integer, oneOf, text } from '../../callback-data.js';

/** A page number shown on a button (the screen clamps it into range). */
const page = integer(0, 999_999);

export const memberData = {
  home: callbackData('m:home'),
  /** History: page number shown, then direction and the engine's keyset cursor (both or neither). */
  history: callbackData('m:h', { page }, { dir: oneOf('n', 'p'), cursor: text(/[A-Za-z0-9_-]{1,24}/) }),
  shop: callbackData('m:s', { page }),
  product: callbackData('m:p', { productId: id, page }),
  buy: callbackData('m:b', { productId: id }),
  confirm: callbackData('m:ok', { productId: id }),
  confirmAgain: callbackData('m:re', { productId: id }),
  cancel: callbackData('m:no'),
  /** My purchases: the first page, or the page after `cursor`. */
  purchases: callbackData('m:mp', {}, { cursor: text(/\d{1,16}/) }),
  redeliver: callbackData('m:rd', { purchaseId: id }),
  rewards: callbackData('m:rw'),
  claim: callbackData('m:rc', { rewardId: id }),
  /** A claimed CONTENT reward's set, sent again. */
  resendReward: callbackData('m:rs', { rewardId: id }),
  /** /top: a board, and the engine's cursor of the page (none: the first page). */
  top: callbackData('m:t', { board: oneOf('all', 'week', 'month') }, { cursor: text(/[ab][1-9]\d{0,14}/) }),
} as const;
