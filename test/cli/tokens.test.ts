/**
 * `besitos tokens` (issue 13): create shows the token once and stores only its hash; list
 * never shows a secret; revoke is for good; a token for an id that is not an admin is
 * created with a warning and refused by the API until the id is one.
 */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { openEconomy } from '../../src/core/engine.js';
import { testDialects } from '../helpers/dialects.js';
import { useCliDatabase } from './cli-harness.js';

for (const dialect of testDialects()) {
  describe(`besitos tokens (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('create → list → revoke, the secret shown once', async () => {
      const created = await db.cliWith({ env: { ADMIN_IDS: '4242' } }, 'tokens', 'create', '--admin', '4242', '--name', 'laptop', '--json');
      expect(created.code).toBe(EXIT.OK);
      const token = created.json();
      expect(token).toMatchObject({ id: 1, adminId: 4242, name: 'laptop', createdBy: 'cli', adminNow: true });
      expect(token.token).toMatch(/^bst_[A-Za-z0-9_-]{43}$/);

      const human = await db.cli('tokens', 'list');
      expect(human.stdout).toContain('laptop');
      expect(human.stdout).toContain(`${token.token.slice(0, 8)}…`);
      const listed = await db.cli('tokens', 'list', '--json');
      expect(JSON.stringify(listed.json())).not.toContain(token.token.slice(8));

      const economy = await openEconomy(db.url, { adminIds: [4242] });
      try {
        expect(await economy.apiTokens.authenticate(token.token)).toEqual({ tokenId: 1, adminId: 4242 });
        expect((await db.cli('tokens', 'revoke', '1')).stdout).toContain('Token 1 (admin 4242, laptop) revoked.');
        expect(await economy.apiTokens.authenticate(token.token)).toBeNull();
      } finally {
        await economy.close();
      }
      expect((await db.cli('tokens', 'list', '--json')).json()).toEqual({ tokens: [] });
      expect((await db.cli('tokens', 'list', '--all', '--json')).json().tokens).toHaveLength(1);
      const again = await db.cli('tokens', 'revoke', '1', '--json');
      expect(again.code).toBe(EXIT.REFUSED);
      expect(again.json().error.code).toBe('NOT_FOUND');
    });

    it('for an id that is not an admin: created, with a warning that the API refuses it until they are', async () => {
      const run = await db.cli('tokens', 'create', '--admin', '777');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toContain('777 is not an admin now');
      expect(run.stdout).toMatch(/bst_[A-Za-z0-9_-]{43}/);
    });

    it('usage: --admin required, ids are digits', async () => {
      expect((await db.cli('tokens', 'create')).code).toBe(EXIT.USAGE);
      expect((await db.cli('tokens', 'create', '--admin', '1e3')).code).toBe(EXIT.USAGE);
      expect((await db.cli('tokens', 'create', '--admin', '5', '--name', 'x'.repeat(65), '--json')).json().error.code).toBe('INVALID_INPUT');
    });
  });
}
