/**
 * Issue 11, failure 3: text PostgreSQL cannot store. NUL killed PostgreSQL writes (and was
 * stored as given on SQLite); a lone surrogate was acknowledged as sent and stored as
 * U+FFFD. Both are refused INVALID_INPUT at the engine's door, the same on both databases,
 * and nothing is written; a name from Telegram is cleaned instead.
 */
import { describe, expect, it } from 'vitest';
import { cleanText, unstorableText } from '../../src/core/storable-text.js';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN_ID, useEngine } from '../helpers/engine-fixture.js';
import { refusal, tableCounts } from '../helpers/ledger-fixtures.js';

const NUL = 'a\u0000b';
const HIGH = 'a\uD83Db';
const LOW = '\uDE00z';
const BAD = [NUL, HIGH, LOW];

describe('storable text', () => {
  it('finds NUL and lone surrogates, keeps pairs, cleans', () => {
    expect(BAD.map(unstorableText)).toEqual(['NUL', 'LONE_SURROGATE', 'LONE_SURROGATE']);
    expect(unstorableText('ok 😀 ñ')).toBeNull();
    expect(BAD.map(cleanText)).toEqual(['ab', 'a\uFFFDb', '\uFFFDz']);
  });
});

for (const dialect of testDialects()) {
  describe(`text the databases cannot store alike is refused at the door (${dialect.name})`, () => {
    const ctx = useEngine(dialect);

    it('reasons, keys and operators of movements: INVALID_INPUT naming the field; nothing written', async () => {
      await ctx.ledger.credit({ memberId: 5, amount: 10 });
      for (const bad of BAD) {
        expect((await refusal(ctx.ledger.credit({ memberId: 5, amount: 1, reason: bad }), 'INVALID_INPUT')).details.field).toBe('reason');
        expect((await refusal(ctx.ledger.spend({ memberId: 5, amount: 1, idempotencyKey: bad }), 'INVALID_INPUT')).details.field).toBe('idempotencyKey');
        expect((await refusal(ctx.ledger.operatorCredit({ by: bad, memberId: 5, amount: 1 }), 'INVALID_INPUT')).details.field).toBe('by');
        expect((await refusal(ctx.ledger.adminDebit({ adminId: ADMIN_ID, memberId: 5, amount: 1, reason: bad }), 'INVALID_INPUT')).details.field).toBe('reason');
      }
      expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 1 });
      // A surrogate pair (an emoji) is text like any other.
      const ok = await ctx.ledger.credit({ memberId: 5, amount: 1, reason: 'gracias 😘', idempotencyKey: 'k😘' });
      expect(ok.transaction).toMatchObject({ reason: 'gracias 😘', idempotencyKey: 'k😘' });
    });

    it('shop, rewards, purchases, settings and adapter state refuse it too', async () => {
      for (const bad of BAD) {
        await refusal(ctx.shop.createContentSet({ adminId: ADMIN_ID, name: bad, items: [{ kind: 'photo', fileId: 'f' }] }), 'INVALID_INPUT');
        await refusal(ctx.shop.createContentSet({ adminId: ADMIN_ID, name: 'ok', items: [{ kind: 'photo', fileId: bad }] }), 'INVALID_INPUT');
        await refusal(ctx.economy.adapterState.write(bad, 1), 'INVALID_INPUT');
        await refusal(ctx.settings.set('reactions.amount', 2, bad), 'INVALID_INPUT');
      }
      const set = await ctx.shop.createContentSet({ adminId: ADMIN_ID, name: 'Set', items: [{ kind: 'photo', fileId: 'f' }] });
      const product = await ctx.shop.createProduct({ adminId: ADMIN_ID, name: 'Pack', kind: 'CONTENT', contentSetId: set.id, price: 0 });
      for (const bad of BAD) {
        await refusal(ctx.shop.purchase({ memberId: 5, productId: product.id, confirmationKey: bad }), 'INVALID_INPUT');
      }
      expect(await ctx.storage.db.selectFrom('purchases').selectAll().execute()).toEqual([]);
    });

    it('names from Telegram are cleaned, not refused', async () => {
      const view = await ctx.membership.register({ id: 42, firstName: `Ana${NUL}`, lastName: HIGH });
      expect(view).toMatchObject({ firstName: 'Anaab', lastName: 'a\uFFFDb' });
      const row = await ctx.storage.db.selectFrom('members').select(['first_name', 'last_name']).where('id', '=', 42).executeTakeFirstOrThrow();
      expect(row).toEqual({ first_name: 'Anaab', last_name: 'a\uFFFDb' });
      // A name that was nothing but NUL is not known.
      expect((await ctx.membership.register({ id: 43, firstName: '\u0000' })).firstName).toBeNull();
    });
  });
}
