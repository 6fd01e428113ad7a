/**
 * What the PostgreSQL fault tests share: a schema of their own on the shared server, URLs
 * that name their sessions (`application_name`) so a third connection can cut exactly
 * theirs with `pg_terminate_backend`, and a watch on the process for the errors nobody
 * handled (an unheard 'error' event of a pg client ends a real process).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';

/** The shared server's URL, or null when the run has no PostgreSQL (the tests skip). */
export const PG_URL: string | null = inject('pgUrl');

/** A schema name global-setup drops if a run dies and leaves it (bt_<epoch>_…). */
export function faultSchema(): string {
  return `bt_${Math.floor(Date.now() / 1000)}_f${randomBytes(4).toString('hex')}`;
}

/** A short name, unique to this run, for the sessions of one engine instance. */
export function sessionName(label: string): string {
  return `bf_${label}_${randomBytes(3).toString('hex')}`;
}

/** The database URL besitos takes (`?schema=` and `?application_name=`). */
export function faultUrl(base: string, schema: string, applicationName?: string): string {
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  if (applicationName) url.searchParams.set('application_name', applicationName);
  return url.toString();
}

/** A connection of the test's own, outside every pool it attacks. */
export async function adminConnection(base: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: base, application_name: 'besitos_fault_test' });
  await client.connect();
  return client;
}

/** Ends every session named `applicationName` (as an operator, a failover or a pooler would); how many. */
export async function terminateSessions(admin: pg.Client, applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ ended: boolean }>(
    'select pg_terminate_backend(pid) as ended from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
    [applicationName],
  );
  return rows.filter((r) => r.ended).length;
}

export async function sessionCount(admin: pg.Client, applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ n: string }>('select count(*) as n from pg_stat_activity where application_name = $1', [applicationName]);
  return Number(rows[0]!.n);
}

export interface FaultDatabase {
  readonly base: string;
  readonly schema: string;
  /** The test's own connection (read after beforeAll). */
  readonly admin: pg.Client;
}

/** A schema of the file's own on the shared server and a connection of the test's, dropped and closed after the file. */
export function useFaultDatabase(): FaultDatabase {
  const db = { base: PG_URL ?? '', schema: faultSchema() } as { base: string; schema: string; admin: pg.Client };
  beforeAll(async () => {
    db.admin = await adminConnection(db.base);
  });
  afterAll(async () => {
    await dropSchema(db.admin, db.schema);
    await db.admin.end();
  });
  return db;
}

export async function dropSchema(admin: pg.Client, schema: string): Promise<void> {
  await admin.query(`drop schema if exists ${schema} cascade`);
}

/**
 * Errors that reached the process with nobody to handle them, during each test of the
 * file; the test fails if there was one. (Vitest catches them too, so a real process
 * would have ended where the test only records.)
 */
export function watchUnhandledErrors(): { readonly errors: unknown[] } {
  const watch = { errors: [] as unknown[] };
  const record = (err: unknown) => void watch.errors.push(err);
  beforeEach(() => {
    watch.errors.length = 0;
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
  });
  afterEach(() => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
    expect(watch.errors.map((e) => String((e as Error)?.message ?? e))).toEqual([]);
  });
  return watch;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
