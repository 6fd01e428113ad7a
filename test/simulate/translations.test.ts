/** simulate: names per language (issue 10): set_translation and translations, refusals named. */
import { describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN, useSimulation } from './simulate-fixture.js';

for (const dialect of testDialects()) {
  describe(`simulate: translations (${dialect.name})`, () => {
    const sim = useSimulation(dialect);
    it('names a product in English, replaces it, lists it; refuses the default language and strangers', async () => {
      const { outcomes, summary } = await sim.run([
        { at: '2025-03-01T10:00:00Z', op: 'create_content_set', admin: ADMIN, name: 'Playa', items: [{ kind: 'photo', fileId: 'AgAD1' }] },
        { op: 'create_product', admin: ADMIN, name: 'Pack Playa', kind: 'CONTENT', content_set: 1, price: 99 },
        { op: 'set_translation', admin: ADMIN, kind: 'product', id: 1, locale: 'en', name: 'Beach pack' },
        { op: 'set_translation', admin: ADMIN, kind: 'product', id: 1, locale: 'en', name: 'Beach pack', description: 'Three photos' },
        { op: 'translations', kind: 'product', id: 1 },
        { op: 'set_translation', admin: ADMIN, kind: 'product', id: 1, locale: 'es', name: 'Otro' },
        { op: 'set_translation', admin: 101, kind: 'product', id: 1, locale: 'en', name: 'Nope' },
      ]);
      expect(summary).toEqual({ operations: 7, ok: 5, failed: 2 });
      expect(outcomes[4]!.result).toMatchObject({ translations: [{ kind: 'product', id: 1, locale: 'en', name: 'Beach pack', description: 'Three photos' }] });
      expect(outcomes[5]!.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('default language') });
      expect(outcomes[6]!.error).toMatchObject({ code: 'FORBIDDEN' });
    });
  });
}
