/**
 * Names and descriptions per language (issue 10): a product's or a reward's own row holds
 * its text in the default language (Spanish); this table holds the others, keyed by
 * (kind, id, locale). One table for every kind of thing that has a name, so a new kind
 * (a level's title, a badge) needs no migration and the admin API has one shape for
 * all. No foreign key (the kind says which table the id is in): products and rewards
 * are never deleted (switched off, soft-deleted), and the engine checks the id on write.
 * The seeded example rewards of 0006 get their English names here.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

export const EXAMPLE_REWARD_NAMES_EN: Record<string, { name: string; description: string; badge_name?: string }> = {
  'Primera reacción': { name: 'First reaction', description: '+10 besitos for your first reaction to a post.' },
  'Cien besitos': { name: 'One hundred besitos', description: 'A badge for earning your first 100 besitos.', badge_name: 'One hundred besitos' },
  'Racha de 7 días': { name: '7-day streak', description: '+50 besitos for a 7-day daily gift streak.' },
};

export function translations(dialect: Dialect) {
  const { int64 } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('translations')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('entity_id', int64, (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('badge_name', 'text')
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .addPrimaryKeyConstraint('translations_pk', ['kind', 'entity_id', 'locale'])
        .execute();

      // The examples as 0006 seeded them, where they still carry their seeded name.
      const at = Date.now();
      const seeded = await db.selectFrom('rewards').select(['id', 'name']).where('name', 'in', Object.keys(EXAMPLE_REWARD_NAMES_EN)).execute();
      for (const row of seeded) {
        const en = EXAMPLE_REWARD_NAMES_EN[row.name as string]!;
        await db
          .insertInto('translations')
          .values({ kind: 'reward', entity_id: row.id, locale: 'en', name: en.name, description: en.description, badge_name: en.badge_name ?? null, updated_by: 'seed', updated_at: at })
          .execute();
      }
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('translations').execute();
    },
  };
}
