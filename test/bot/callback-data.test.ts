/**
 * The callback-data codec (src/bot/callback-data.ts) and every kind the bot sends: the
 * strings on buttons already sent stay the same, each kind reads back what it packs,
 * malformed data is refused, and the largest realistic data fits Telegram's 64 bytes.
 */
import { describe, expect, it } from 'vitest';
import type { Context } from 'grammy';
import { encodeCursor } from '../../src/core/ledger/history.js';
import { SETTING_KEYS } from '../../src/core/settings/settings-schema.js';
import { MAX_CALLBACK_DATA_BYTES, callbackData, chatId, id, integer, oneOf, text, type CallbackData } from '../../src/bot/callback-data.js';
import { memberData } from '../../src/bot/features/member/callback-data.js';
import { adminData, flowChoice } from '../../src/bot/features/admin/callback-data.js';
import { reactionData } from '../../src/bot/features/channels/reaction-keyboard.js';
import { publishData } from '../../src/bot/features/channels/publish.js';

type AnyData = CallbackData<Record<string, unknown>>;
const MAX = Number.MAX_SAFE_INTEGER;
const CHANNEL = -1001234567890;

/** Every kind with values, and the exact string buttons already sent carry for them. */
const WIRE: Record<string, [AnyData, Record<string, unknown> | undefined, string]> = {
  'member.home': [memberData.home, undefined, 'm:home'],
  'member.history': [memberData.history, { page: 1 }, 'm:h:1'],
  'member.history (cursor)': [memberData.history, { page: 3, dir: 'n', cursor: 'dDQy' }, 'm:h:3:n:dDQy'],
  'member.shop': [memberData.shop, { page: 2 }, 'm:s:2'],
  'member.product': [memberData.product, { productId: 17, page: 2 }, 'm:p:17:2'],
  'member.buy': [memberData.buy, { productId: 17 }, 'm:b:17'],
  'member.confirm': [memberData.confirm, { productId: 17 }, 'm:ok:17'],
  'member.confirmAgain': [memberData.confirmAgain, { productId: 17 }, 'm:re:17'],
  'member.cancel': [memberData.cancel, undefined, 'm:no'],
  'member.purchases': [memberData.purchases, undefined, 'm:mp'],
  'member.purchases (cursor)': [memberData.purchases, { cursor: '42' }, 'm:mp:42'],
  'member.redeliver': [memberData.redeliver, { purchaseId: 9 }, 'm:rd:9'],
  'member.rewards': [memberData.rewards, undefined, 'm:rw'],
  'member.claim': [memberData.claim, { rewardId: 4 }, 'm:rc:4'],
  'member.resendReward': [memberData.resendReward, { rewardId: 4 }, 'm:rs:4'],
  'member.top': [memberData.top, { board: 'week' }, 'm:t:week'],
  'member.top (cursor)': [memberData.top, { board: 'month', cursor: 'b21' }, 'm:t:month:b21'],
  'admin.menu': [adminData.menu, undefined, 'adm:menu'],
  'admin.settings': [adminData.settings, undefined, 'adm:settings'],
  'admin.setting': [adminData.setting, { key: 'reactions.daily_limit' }, 'adm:set:reactions.daily_limit'],
  'admin.products': [adminData.products, undefined, 'adm:products'],
  'admin.newProduct': [adminData.newProduct, undefined, 'adm:pr:new'],
  'admin.productOn': [adminData.productOn, { productId: 3 }, 'adm:pr:on:3'],
  'admin.productOff': [adminData.productOff, { productId: 3 }, 'adm:pr:off:3'],
  'admin.productTranslate': [adminData.productTranslate, { productId: 3 }, 'adm:pr:tr:3'],
  'admin.contentSets': [adminData.contentSets, undefined, 'adm:content'],
  'admin.newContentSet': [adminData.newContentSet, undefined, 'adm:cs:new'],
  'admin.rewards': [adminData.rewards, undefined, 'adm:rewards'],
  'admin.newReward': [adminData.newReward, undefined, 'adm:rw:new'],
  'admin.rewardOn': [adminData.rewardOn, { rewardId: 5 }, 'adm:rw:on:5'],
  'admin.rewardOff': [adminData.rewardOff, { rewardId: 5 }, 'adm:rw:off:5'],
  'admin.rewardTranslate': [adminData.rewardTranslate, { rewardId: 5 }, 'adm:rw:tr:5'],
  'admin.rewardDelete': [adminData.rewardDelete, { rewardId: 5 }, 'adm:rw:del:5'],
  'admin.rewardDeleteConfirm': [adminData.rewardDeleteConfirm, { rewardId: 5 }, 'adm:rw:delok:5'],
  'admin.memberLookup': [adminData.memberLookup, undefined, 'adm:member'],
  'admin.memberShow': [adminData.memberShow, { memberId: 601 }, 'adm:m:show:601'],
  'admin.memberCredit': [adminData.memberCredit, { memberId: 601 }, 'adm:m:credit:601'],
  'admin.memberDebit': [adminData.memberDebit, { memberId: 601 }, 'adm:m:debit:601'],
  'admin.memberVip': [adminData.memberVip, { memberId: 601 }, 'adm:m:vip:601'],
  'admin.metrics': [adminData.metrics, undefined, 'adm:metrics'],
  'admin.tokens': [adminData.tokens, undefined, 'adm:tokens'],
  'admin.newToken': [adminData.newToken, undefined, 'adm:tk:new'],
  'flow.choice': [flowChoice, { choice: 'kind:CONTENT' }, 'adf:kind:CONTENT'],
  reaction: [reactionData, { channelId: CHANNEL, messageId: 140, emojiIndex: 3 }, `r:${CHANNEL}:140:3`],
  'publish.to': [publishData.to, { channelId: CHANNEL, sourceId: 77 }, `pub:${CHANNEL}:77`],
  'publish.cancel': [publishData.cancel, undefined, 'pub:x'],
};

/** Every kind with the largest values it can realistically carry. */
const LONGEST_KEY = SETTING_KEYS.reduce((a, b) => (b.length > a.length ? b : a));
const LARGEST: Record<string, [AnyData, Record<string, unknown> | undefined]> = {
  'member.history': [memberData.history, { page: 999_999, dir: 'p', cursor: encodeCursor(MAX) }],
  'member.product': [memberData.product, { productId: MAX, page: 999_999 }],
  'member.purchases': [memberData.purchases, { cursor: String(MAX) }],
  'member.top': [memberData.top, { board: 'month', cursor: 'a999999999999999' }], // the engine's longest cursor (15 digits)
  'admin.setting': [adminData.setting, { key: LONGEST_KEY }],
  'admin.rewardDeleteConfirm': [adminData.rewardDeleteConfirm, { rewardId: MAX }],
  'admin.memberCredit': [adminData.memberCredit, { memberId: MAX }],
  'flow.choice': [flowChoice, { choice: `set:${MAX}` }],
  reaction: [reactionData, { channelId: -MAX, messageId: MAX, emojiIndex: 99 }],
  'publish.to': [publishData.to, { channelId: -MAX, sourceId: MAX }],
};

const pack = (data: AnyData, values: Record<string, unknown> | undefined) => (data.pack as (v?: unknown) => string)(values);

describe('callback data', () => {
  it('lists every kind the bot sends', () => {
    const kinds = [
      ...Object.values(memberData),
      ...Object.values(adminData),
      flowChoice,
      reactionData,
      ...Object.values(publishData),
    ] as AnyData[];
    const covered = new Set(Object.values(WIRE).map(([data]) => data));
    expect(kinds.filter((k) => !covered.has(k)).map((k) => k.prefix)).toEqual([]);
  });

  it.each(Object.entries(WIRE))('%s: packs the string buttons already carry, and reads it back', (_, [data, values, wire]) => {
    expect(pack(data, values)).toBe(wire);
    expect(data.match(wire)).toEqual(values ?? {});
  });

  it('refuses every other kind’s data: no prefix reads another’s', () => {
    for (const [name, [data]] of Object.entries(WIRE)) {
      for (const [other, [otherData, , wire]] of Object.entries(WIRE)) {
        if (otherData !== data) expect({ name, other, read: data.match(wire) }).toEqual({ name, other, read: null });
      }
    }
  });

  it.each(Object.entries(LARGEST))('%s: the largest realistic data fits in 64 bytes', (_, [data, values]) => {
    const packed = pack(data, values);
    expect(Buffer.byteLength(packed)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES);
    expect(data.match(packed)).toEqual(values);
  });

  it('refuses malformed data', () => {
    const malformed: Array<[AnyData, string]> = [
      [memberData.product, 'x:p:1:1'], // wrong prefix
      [memberData.product, 'm:p:1'], // a field missing
      [memberData.product, 'm:p:1:1:1'], // an extra field
      [memberData.home, 'm:home:1'],
      [memberData.buy, 'm:b:abc'], // not a number
      [memberData.buy, 'm:b:0'], // zero
      [memberData.buy, 'm:b:-5'], // negative
      [memberData.buy, 'm:b:+5'],
      [memberData.buy, 'm:b:05'], // leading zero
      [memberData.buy, 'm:b:1e3'], // exponent
      [memberData.buy, 'm:b:1.5'],
      [memberData.buy, 'm:b: 5'],
      [memberData.buy, 'm:b:9007199254740992'], // not a safe integer
      [memberData.buy, 'm:b:99999999999999999'],
      [memberData.shop, 'm:s:1000000'], // beyond the page range
      [memberData.history, 'm:h:1:n'], // the cursor group is all or nothing
      [memberData.history, 'm:h:1:x:abc'],
      [memberData.history, 'm:h:1:n:a/b'],
      [memberData.purchases, 'm:mp:'],
      [memberData.purchases, 'm:mp:abc'],
      [reactionData, 'r:0:1:0'], // chat id zero
      [reactionData, 'r:-0:1:0'],
      [reactionData, `r:${CHANNEL}:-1:0`], // message ids are positive
      [reactionData, `r:${CHANNEL}:1:100`], // index beyond two digits
      [reactionData, `r:${CHANNEL}:1:-1`],
      [reactionData, 'r:-9007199254740992:1:0'],
      [adminData.setting, 'adm:set:'],
      [adminData.setting, 'adm:set:Reactions Amount'],
      [flowChoice, 'adf:'],
      [flowChoice, `adf:${'a'.repeat(61)}`],
      [flowChoice, 'adf:año'], // outside the choices' characters
    ];
    for (const [data, wire] of malformed) expect({ wire, read: data.match(wire) }).toEqual({ wire, read: null });
    expect(memberData.home.match(undefined)).toBeNull();
  });

  it('refuses data over 64 bytes even when its fields would allow it', () => {
    const roomy = callbackData('t', { note: text(/[a-z]{1,100}/) });
    expect(roomy.match(`t:${'a'.repeat(62)}`)).toEqual({ note: 'a'.repeat(62) });
    expect(roomy.match(`t:${'a'.repeat(63)}`)).toBeNull();
    expect(() => roomy.pack({ note: 'a'.repeat(63) })).toThrow(/64 bytes/);
    const emoji = callbackData('e', { e: text(/\p{Extended_Pictographic}{1,40}/u) });
    expect(() => emoji.pack({ e: '😈'.repeat(16) })).toThrow(/64 bytes/); // 16 characters, 2 + 64 bytes
  });

  it('refuses to pack values outside their fields', () => {
    expect(() => memberData.buy.pack({ productId: 0 })).toThrow();
    expect(() => memberData.buy.pack({ productId: -1 })).toThrow();
    expect(() => memberData.buy.pack({ productId: 1.5 })).toThrow();
    expect(() => memberData.buy.pack({ productId: MAX + 1 })).toThrow();
    expect(() => memberData.shop.pack({ page: 1_000_000 })).toThrow();
    expect(() => reactionData.pack({ channelId: 0, messageId: 1, emojiIndex: 0 })).toThrow();
    expect(() => adminData.setting.pack({ key: 'a:b' })).toThrow();
    // Half of an optional group.
    expect(() => (memberData.history.pack as (v: unknown) => string)({ page: 1, dir: 'n' })).toThrow();
  });

  it('reads numbers strictly: canonical decimal inside the range, zero only where allowed', () => {
    const n = callbackData('n', { a: integer(0, 10), b: integer(-5, 5, { zero: false }), c: oneOf('x', 'y'), d: id, e: chatId });
    expect(n.match('n:0:-5:x:1:-1')).toEqual({ a: 0, b: -5, c: 'x', d: 1, e: -1 });
    for (const bad of ['n:11:1:x:1:1', 'n:0:0:x:1:1', 'n:0:-6:x:1:1', 'n:0:1:z:1:1', 'n:00:1:x:1:1', 'n:0:1:x:0:1', 'n:0:1:x:1:0']) {
      expect({ bad, read: n.match(bad) }).toEqual({ bad, read: null });
    }
  });

  it('is a grammY filter that puts the typed fields on ctx.match', () => {
    const ctx = { callbackQuery: { data: 'm:p:17:2' } } as unknown as Context;
    expect(memberData.product.filter(ctx)).toBe(true);
    expect(ctx.match).toEqual({ productId: 17, page: 2 });
    expect(memberData.buy.filter({ callbackQuery: { data: 'm:p:17:2' } } as unknown as Context)).toBe(false);
    expect(memberData.buy.filter({ message: { text: 'm:b:1' } } as unknown as Context)).toBe(false);
  });

  it('refuses a prefix that is not lower-case words', () => {
    expect(() => callbackData('M:x')).toThrow();
    expect(() => callbackData('m:')).toThrow();
    expect(() => callbackData('a b')).toThrow();
  });
});
