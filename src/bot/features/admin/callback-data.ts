/**
 * The admin part's button data and commands, in one place: `adm:<screen>[:<action>:<id>]`
 * for screens and actions, `adf:<choice>` for a choice inside a flow (conversation).
 * Callback data is at most 64 bytes (Telegram); ids are numbers, setting keys are short.
 */

export const ADMIN_PREFIX = 'adm:';
export const FLOW_PREFIX = 'adf:';

export const ADMIN_COMMANDS = ['admin', 'miembro'] as const;

export const adm = {
  menu: 'adm:menu',
  settings: 'adm:settings',
  setting: (key: string) => `adm:set:${key}`,
  products: 'adm:products',
  newProduct: 'adm:pr:new',
  productOn: (id: number) => `adm:pr:on:${id}`,
  productOff: (id: number) => `adm:pr:off:${id}`,
  contentSets: 'adm:content',
  newContentSet: 'adm:cs:new',
  rewards: 'adm:rewards',
  newReward: 'adm:rw:new',
  rewardOn: (id: number) => `adm:rw:on:${id}`,
  rewardOff: (id: number) => `adm:rw:off:${id}`,
  rewardDelete: (id: number) => `adm:rw:del:${id}`,
  rewardDeleteConfirm: (id: number) => `adm:rw:delok:${id}`,
  memberLookup: 'adm:member',
  memberShow: (id: number) => `adm:m:show:${id}`,
  memberCredit: (id: number) => `adm:m:credit:${id}`,
  memberDebit: (id: number) => `adm:m:debit:${id}`,
  memberVip: (id: number) => `adm:m:vip:${id}`,
  metrics: 'adm:metrics',
} as const;

export const flow = (choice: string) => `${FLOW_PREFIX}${choice}`;

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
  { kind: 'command', text: '/publicar' },
  ...[
    adm.menu,
    adm.settings,
    adm.setting('reactions.amount'),
    adm.setting('levels.formula'),
    adm.setting('economy.timezone'),
    adm.products,
    adm.newProduct,
    adm.productOn(1),
    adm.productOff(1),
    adm.contentSets,
    adm.newContentSet,
    adm.rewards,
    adm.newReward,
    adm.rewardOn(1),
    adm.rewardOff(1),
    adm.rewardDelete(1),
    adm.rewardDeleteConfirm(1),
    adm.memberLookup,
    adm.memberShow(1),
    adm.memberCredit(1),
    adm.memberDebit(1),
    adm.memberVip(1),
    adm.metrics,
    'adm:garbage',
    flow('ok'),
    flow('cancel'),
    flow('kind:CONTENT'),
    // The channels feature's /publicar buttons (publish.ts): cancel, and a forged target.
    'pub:x',
    'pub:-1001000000001:1',
  ].map((data): AdminEntryPoint => ({ kind: 'callback', data })),
];
