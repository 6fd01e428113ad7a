/**
 * Brings a scale fixture into the operating system's page cache before it is measured, as a
 * server that has been running a while has its working set there.
 *
 * Why: on this machine a fixture just built, or reused from an earlier run, was often only
 * partly in the page cache (5 GB cached of two ~4 GB fixtures, with 15 GB free). The first
 * rows then measured the disk: SQLite's 1M press ratio 0.27 and credit 0.31 cold against
 * 0.58–0.64 warm; PostgreSQL's history first page p99 32.7 ms cold against 4.6 ms warm,
 * its press ratio 0.54 against 0.80. Which rows met their goal depended on what an earlier
 * process had happened to read.
 *
 * - SQLite: the file (and its WAL) read through once, sequentially.
 * - PostgreSQL: `pg_prewarm(…, 'read')` of every table and index of the fixture's schema
 *   (into the OS cache, not shared_buffers: the server's own cache fills as it would). The
 *   extension is created when the server has it and the role may; otherwise the tables are
 *   scanned (their indexes stay as they are) and the report says so.
 * - PostgreSQL with autovacuum off (this machine's server, `conf.d/90-ci.conf`): the
 *   schema's tables are vacuumed first, as a running server's autovacuum would have (0019:
 *   the ledger after every 1 % of new rows). Earlier runs' rows were otherwise never marked
 *   all-visible, and every history count visited the table for them (the busiest member's
 *   first page 33.8 ms cold with 3.3M rows unvacuumed; history p99 4.8–6.7 ms against
 *   2.8–4.0 ms vacuumed).
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { sql } from 'kysely';
import type { Storage } from '../../storage/connect.js';

export interface WarmReport {
  /** Bytes brought into the page cache (read or prewarmed). */
  bytes: number;
  ms: number;
  /** How: 'read', 'pg_prewarm', 'table scans (no pg_prewarm: indexes not warmed)'. */
  how: string;
}

const CHUNK = 8 << 20;

export function warmLine(w: WarmReport): string {
  return `${(w.bytes / 2 ** 30).toFixed(1)} GB into the page cache in ${(w.ms / 1000).toFixed(1)} s (${w.how})`;
}

export async function warmSqliteFile(file: string): Promise<WarmReport> {
  const started = performance.now();
  const buffer = Buffer.allocUnsafe(CHUNK);
  let bytes = 0;
  for (const f of [file, `${file}-wal`]) {
    if (!existsSync(f)) continue;
    const handle = await open(f, 'r');
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
        if (bytesRead === 0) break;
        bytes += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }
  return { bytes, ms: performance.now() - started, how: 'read' };
}

export async function warmPostgresSchema(storage: Storage, schema: string): Promise<WarmReport> {
  const started = performance.now();
  const db = storage.db;
  const relations = await sql<{ oid: number; name: string; kind: string; bytes: string }>`
    select c.oid::int8 as oid, c.relname as name, c.relkind as kind, pg_relation_size(c.oid)::int8 as bytes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = ${schema} and c.relkind in ('r', 'i')`.execute(db);
  const vacuumed = await vacuumWithoutAutovacuum(storage, schema, relations.rows.filter((r) => r.kind === 'r').map((r) => r.name));
  const home = await prewarmSchema(storage);
  if (home) {
    const prewarm = sql.id(home, 'pg_prewarm');
    for (const r of relations.rows) await sql`select ${prewarm}(${Number(r.oid)}::oid, 'read')`.execute(db);
    const bytes = relations.rows.reduce((s, r) => s + Number(r.bytes), 0);
    return { bytes, ms: performance.now() - started, how: `pg_prewarm${vacuumed}` };
  }
  let bytes = 0;
  for (const r of relations.rows.filter((x) => x.kind === 'r')) {
    await sql`select count(*) from ${sql.id(schema, r.name)}`.execute(db);
    bytes += Number(r.bytes);
  }
  return { bytes, ms: performance.now() - started, how: `table scans (no pg_prewarm: indexes not warmed)${vacuumed}` };
}

/** Vacuums the tables when the server runs no autovacuum; says so for the report ('' when it does run). */
async function vacuumWithoutAutovacuum(storage: Storage, schema: string, tables: string[]): Promise<string> {
  const on = await sql<{ autovacuum: string }>`show autovacuum`.execute(storage.db);
  if (on.rows[0]?.autovacuum !== 'off') return '';
  for (const table of tables) await sql`vacuum ${sql.id(schema, table)}`.execute(storage.db);
  return `; ${tables.length} tables vacuumed first: autovacuum is off on this server`;
}

/** The schema pg_prewarm lives in, creating the extension when the server has it; null when it cannot be had. */
async function prewarmSchema(storage: Storage): Promise<string | null> {
  const installed = async () =>
    (
      await sql<{ schema: string }>`
        select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
         where e.extname = 'pg_prewarm'`.execute(storage.db)
    ).rows[0]?.schema ?? null;
  const found = await installed();
  if (found) return found;
  try {
    await sql`create extension if not exists pg_prewarm schema public`.execute(storage.db);
  } catch {
    return null; // not shipped with this server, or this role may not create extensions
  }
  return installed();
}
