/**
 * The admin part's button data and commands, in one place: `adm:<screen>[:<action>:<id>]`
 * for screens and actions, `adf:<choice>` for a choice inside a flow (conversation). The
 * strings are those of buttons already sent, so they must not change. Each screen
 * registers its own buttons; anything else under `adm:` is answered as unknown.
 */
import { callbackData, id, text } from '../../callback-data.js';

export const ADMIN_PREFIX = 'adm:';
export const FLOW_PREFIX = 'adf:';

/** The admin commands: `admin` is the same word in both languages; `miembro` is `member` in English. */
export const ADMIN_COMMANDS = ['admin', 'miembro', 'member'] as const;
/** The member lookup's names, Spanish first (command-list.ts shows each admin the one of their language). */
export const MEMBER_LOOKUP_COMMANDS = ['miembro', 'member'] as const;

export const adminData = {
  menu: callbackData('adm:menu'),
  settings: callbackData('adm:settings'),
  /** A setting's key (the flow answers an unknown one). */
  setting: callbackData('adm:set', { key: text(/[a-z0-9_.]{1,56}/) }),
  products: callbackData('adm:products'),
  newProduct: callbackData('adm:pr:new'),
  productOn: callbackData('adm:pr:on', { productId: id }),
  productOff: callbackData('adm:pr:off', { productId: id }),
  /** The product's English name (translate-flow.ts). */
  productTranslate: callbackData('adm:pr:tr', { productId: id }),
  contentSets: callbackData('adm:content'),
  newContentSet: callbackData('adm:cs:new'),
  rewards: callbackData('adm:rewards'),
  newReward: callbackData('adm:rw:new'),
  rewardOn: callbackData('adm:rw:on', { rewardId: id }),
  rewardOff: callbackData('adm:rw:off', { rewardId: id }),
  rewardTranslate: callbackData('adm:rw:tr', { rewardId: id }),
  rewardDelete: callbackData('adm:rw:del', { rewardId: id }),
  rewardDeleteConfirm: callbackData('adm:rw:delok', { rewardId: id }),
  memberLookup: callbackData('adm:member'),
  memberShow: callbackData('adm:m:show', { memberId: id }),
  memberCredit: callbackData('adm:m:credit', { memberId: id }),
  memberDebit: callbackData('adm:m:debit', { memberId: id }),
  memberVip: callbackData('adm:m:vip', { memberId: id }),
  metrics: callbackData('adm:metrics'),
  tokens: callbackData('adm:tokens'),
  newToken: callbackData('adm:tk:new'),
} as const;

/** A choice inside a flow: `adf:ok`, `adf:cancel`, `adf:kind:CONTENT`, `adf:set:12`, … */
export const flowChoice = callbackData('adf', { choice: text(/[A-Za-z0-9_.:-]{1,60}/) });

export const flow = (choice: string) => flowChoice.pack({ choice });

export function isAdminData(data: string | undefined): boolean {
  return data !== undefined && (data.startsWith(ADMIN_PREFIX) || data.startsWith(FLOW_PREFIX));
}

export type AdminEntryPoint = { kind: 'command'; text: string } | { kind: 'callback'; data: string };

/**
 * Every way into the admin part, for the test that a non-admin is refused at each of them
 * (`/publicar` belongs to the channels feature, listed here so the refusal test covers it).
 * A new admin command or button goes here too.
 */
export const ADMIN_ENTRY_POINTS: readonly AdminEntryPoint[] = [
  { kind: 'command', text: '/admin' },
  { kind: 'command', text: '/miembro' },
  { kind: 'command', text: '/miembro 1' },
  { kind: 'command', text: '/miembro @someone' },
  { kind: 'command', text: '/member 1' },
  { kind: 'command', text: '/publicar' },
  { kind: 'command', text: '/publish' },
  ...[
    adminData.menu.pack(),
    adminData.settings.pack(),
    adminData.setting.pack({ key: 'reactions.amount' }),
    adminData.setting.pack({ key: 'levels.formula' }),
    adminData.setting.pack({ key: 'economy.timezone' }),
    adminData.products.pack(),
    adminData.newProduct.pack(),
    adminData.productOn.pack({ productId: 1 }),
    adminData.productOff.pack({ productId: 1 }),
    adminData.productTranslate.pack({ productId: 1 }),
    adminData.contentSets.pack(),
    adminData.newContentSet.pack(),
    adminData.rewards.pack(),
    adminData.newReward.pack(),
    adminData.rewardOn.pack({ rewardId: 1 }),
    adminData.rewardOff.pack({ rewardId: 1 }),
    adminData.rewardTranslate.pack({ rewardId: 1 }),
    adminData.rewardDelete.pack({ rewardId: 1 }),
    adminData.rewardDeleteConfirm.pack({ rewardId: 1 }),
    adminData.memberLookup.pack(),
    adminData.memberShow.pack({ memberId: 1 }),
    adminData.memberCredit.pack({ memberId: 1 }),
    adminData.memberDebit.pack({ memberId: 1 }),
    adminData.memberVip.pack({ memberId: 1 }),
    adminData.metrics.pack(),
    adminData.tokens.pack(),
    adminData.newToken.pack(),
    'adm:garbage',
    flow('ok'),
    flow('cancel'),
    flow('kind:CONTENT'),
    // The channels feature's /publicar buttons (publish.ts): cancel, and a forged target.
    'pub:x',
    'pub:-1001000000001:1',
  ].map((data): AdminEntryPoint => ({ kind: 'callback', data })),
];
