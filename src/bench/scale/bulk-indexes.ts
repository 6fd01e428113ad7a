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

/** Runs the statements in order on whichever runner is free: as many at a time as there are runners. */
export async function inParallel(runners: readonly RunSql[], statements: readonly string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    runners.map(async (run) => {
      while (next < statements.length) await run(statements[next++]!);
    }),
  );
}

/**
 * `runners`: connections that may rebuild side by side (PostgreSQL), largest tables first:
 * the keys (each locks its table), then the indexes (which share their table).
 */
export async function withoutIndexes(
  run: RunSql,
  dialect: Dialect,
  tables: readonly string[],
  runners: readonly RunSql[] = [run],
): Promise<() => Promise<void>> {
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
    select i.indexname as name, i.tablename as table_name, i.indexdef as def from pg_indexes i
     where i.schemaname = current_schema() and i.tablename in (${names})
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = current_schema()::regnamespace)`);
  for (const k of keys) await run(`alter table "${k.table_name}" drop constraint "${k.name}"`);
  for (const i of indexes) await run(`drop index "${i.name}"`);
  return async () => {
    const sizes = new Map(
      (await run(`select relname, pg_relation_size(oid) as bytes from pg_class where relnamespace = current_schema()::regnamespace and relname in (${names})`)).map(
        (r) => [r.relname!, Number(r.bytes)],
      ),
    );
    const bySize = <T>(list: T[], table: (x: T) => string) => [...list].sort((a, b) => (sizes.get(table(b)) ?? 0) - (sizes.get(table(a)) ?? 0));
    await inParallel(runners, bySize(keys, (k) => k.table_name!).map((k) => `alter table "${k.table_name}" add constraint "${k.name}" ${k.def}`));
    await inParallel(runners, bySize(indexes, (i) => i.table_name!).map((i) => i.def!));
  };
}
