/**
 * Admin tokens of the HTTP API (issue 13): shown once and stored only as a hash, tied to an
 * admin who must still be one at every use, revoked for good; one-time login tokens that
 * work once, before they expire.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { refusal } from '../../helpers/refusal.js';
import { testDialects } from '../../helpers/dialects.js';
import { ADMIN_ID, useEngine } from '../../helpers/engine-fixture.js';


const STORED_ADMIN = 7_000_001;

for (const dialect of testDialects()) {
  describe(`admin tokens (${dialect.name})`, () => {
    const fx = useEngine(dialect);

    it('an issued token is shown once, stored only as its SHA-256, and acts for its admin', async () => {
      const issued = await fx.economy.apiTokens.issue(ADMIN_ID, { name: ' laptop ' });
      expect(issued.token).toMatch(/^bst_[A-Za-z0-9_-]{43}$/);
      expect(issued.info).toMatchObject({ adminId: ADMIN_ID, name: 'laptop', hint: issued.token.slice(0, 8), createdBy: `admin:${ADMIN_ID}`, revokedAt: null });
      const rows = await fx.storage.db.selectFrom('api_tokens').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(issued.token.slice(8));
      expect(rows[0]!.token_hash).toBe(createHash('sha256').update(issued.token).digest('hex'));

      expect(await fx.economy.apiTokens.authenticate(issued.token)).toEqual({ tokenId: issued.info.id, adminId: ADMIN_ID });
      expect((await fx.economy.apiTokens.list())[0]!.lastUsedAt).toBe(fx.clock.now());
    });

    it('unknown, malformed, one character off or revoked: null, and nothing says which', async () => {
      const issued = await fx.economy.apiTokens.issue(ADMIN_ID);
      const last = issued.token.at(-1) === 'A' ? 'B' : 'A';
      for (const bad of [undefined, null, 42, '', 'bst_', issued.token.slice(0, -1) + last, issued.token + 'x', issued.token.replace('bst_', 'bsl_')]) {
        expect(await fx.economy.apiTokens.authenticate(bad)).toBeNull();
      }
      fx.clock.advance(1000);
      const revoked = await fx.economy.apiTokens.revoke(issued.info.id, 'cli');
      expect(revoked).toMatchObject({ revokedAt: fx.clock.now(), revokedBy: 'cli' });
      expect(await fx.economy.apiTokens.authenticate(issued.token)).toBeNull();
      expect(await refusal(fx.economy.apiTokens.revoke(issued.info.id, 'cli'))).toEqual({ code: 'NOT_FOUND', details: { tokenId: issued.info.id } });
      expect(await fx.economy.apiTokens.list()).toEqual([]);
      expect((await fx.economy.apiTokens.list({ includeRevoked: true })).map((t) => t.id)).toEqual([issued.info.id]);
      expect(await fx.economy.apiTokens.activeCount()).toBe(0);
    });

    it('a demoted admin\'s token stops working at once, and works again when they are an admin again', async () => {
      await fx.membership.register({ id: STORED_ADMIN, firstName: 'Ana' });
      await fx.membership.setRole({ adminId: ADMIN_ID, memberId: STORED_ADMIN, role: 'ADMIN' });
      const issued = await fx.economy.apiTokens.issue(STORED_ADMIN);
      expect(await fx.economy.apiTokens.authenticate(issued.token)).toMatchObject({ adminId: STORED_ADMIN });
      await fx.membership.setRole({ adminId: ADMIN_ID, memberId: STORED_ADMIN, role: 'FREE' });
      expect(await fx.economy.apiTokens.authenticate(issued.token)).toBeNull();
      await fx.membership.setRole({ adminId: ADMIN_ID, memberId: STORED_ADMIN, role: 'ADMIN' });
      expect(await fx.economy.apiTokens.authenticate(issued.token)).toMatchObject({ adminId: STORED_ADMIN });
    });

    it('only an admin issues for themselves; the operator issues for any id, checked at use', async () => {
      expect((await refusal(fx.economy.apiTokens.issue(123))).code).toBe('FORBIDDEN');
      const forLater = await fx.economy.apiTokens.operatorIssue({ by: 'cli', adminId: 123, name: 'ci' });
      expect(forLater.info).toMatchObject({ adminId: 123, createdBy: 'cli', name: 'ci' });
      expect(await fx.economy.apiTokens.authenticate(forLater.token)).toBeNull();
      for (const bad of [{ adminId: 0 }, { adminId: 1.5 }, { adminId: 1, name: 'x'.repeat(65) }, { adminId: 1, name: '  ' }, { adminId: 1, name: 'a\u0000' }, { adminId: 1, by: '' }]) {
        expect((await refusal(fx.economy.apiTokens.operatorIssue({ by: 'cli', ...bad } as never))).code).toBe('INVALID_INPUT');
      }
      expect(await fx.economy.apiTokens.list()).toHaveLength(1);
    });

    it('an admin lists their own tokens and revokes any', async () => {
      const mine = await fx.economy.apiTokens.issue(ADMIN_ID, { name: 'mine' });
      const other = await fx.economy.apiTokens.operatorIssue({ by: 'cli', adminId: 55 });
      expect((await fx.economy.apiTokens.listFor(ADMIN_ID)).map((t) => t.name)).toEqual(['mine']);
      expect(await fx.economy.apiTokens.adminRevoke(ADMIN_ID, other.info.id)).toMatchObject({ revokedBy: `admin:${ADMIN_ID}` });
      expect((await refusal(fx.economy.apiTokens.adminRevoke(55, mine.info.id))).code).toBe('FORBIDDEN');
      expect(await fx.economy.apiTokens.activeCount()).toBe(1);
    });

    it('a login token works once, before it expires, and is never a bearer token', async () => {
      const link = await fx.economy.apiTokens.createLoginToken({ adminId: ADMIN_ID, by: 'start', ttlMs: 60_000 });
      expect(link.token).toMatch(/^bsl_/);
      expect(link.expiresAt).toBe(fx.clock.now() + 60_000);
      expect(await fx.economy.apiTokens.authenticate(link.token)).toBeNull();
      expect(await fx.economy.apiTokens.activeCount()).toBe(0);
      const both = await Promise.all([fx.economy.apiTokens.redeemLogin(link.token), fx.economy.apiTokens.redeemLogin(link.token)]);
      expect(both.filter((r) => r !== null)).toEqual([{ adminId: ADMIN_ID }]);

      const late = await fx.economy.apiTokens.createLoginToken({ adminId: ADMIN_ID, by: 'start', ttlMs: 60_000 });
      fx.clock.advance(60_000);
      expect(await fx.economy.apiTokens.redeemLogin(late.token)).toBeNull();
      const stranger = await fx.economy.apiTokens.createLoginToken({ adminId: 77, by: 'start' });
      expect(await fx.economy.apiTokens.redeemLogin(stranger.token)).toBeNull();
    });
  });
}
