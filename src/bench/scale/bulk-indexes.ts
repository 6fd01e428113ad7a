/**
 * A bulk load is far faster into tables without their secondary indexes: the rows go in
 * first, then each index is built once by sorting. This takes the indexes (and, on
 * PostgreSQL, the primary and unique keys no foreign key depends on) off the given tables
 * and gives back the function that puts the very same definitions back, read from the
 * database's own catalogue, so the loaded schema is exactly the migrated one.
 */
import type { Dialect } from '../../storage/connect.js';

/** Runs one statement on the loader's own connection and returns its rows. */
export type RunSql = (text: string) => Promise<Array<Record<string, string>>>;

export async function withoutIndexes(run: RunSql, dialect: Dialect, tables: readonly string[]): Promise<() => Promise<void>> {
  const names = tables.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ');
  if (dialect === 'sqlite') {
    const rows = await run(`select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${names})`);
    for (const r of rows) await run(`drop index "${r.name}"`);
    return async () => {
      for (const r of rows) await run(r.sql!);
    };
  }
  const keys = await run(`
    select c.conname as name, t.relname as table_name, pg_get_constraintdef(c.oid) as def
      from pg_constraint c join pg_class t on t.oid = c.conrelid
     where c.connamespace = current_schema()::regnamespace and c.contype in ('p', 'u') and t.relname in (${names})
       and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.confrelid = c.conrelid)`);
  const indexes = await run(`
    select i.indexname as name, i.indexdef as def from pg_indexes i
     where i.schemaname = current_schema() and i.tablename in (${names})
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = current_schema()::regnamespace)`);
  for (const k of keys) await run(`alter table "${k.table_name}" drop constraint "${k.name}"`);
  for (const i of indexes) await run(`drop index "${i.name}"`);
  return async () => {
    for (const k of keys) await run(`alter table "${k.table_name}" add constraint "${k.name}" ${k.def}`);
    for (const i of indexes) await run(i.def!);
  };
}
