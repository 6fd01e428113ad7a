/**
 * Decides once per run whether PostgreSQL takes part. With CI=true it must: an unreachable
 * server fails the run. On a laptop without PostgreSQL the SQLite half runs and the run
 * says, loudly, at the start and at the end, that PostgreSQL was skipped.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';

export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
  }
}

async function reachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    // Drop schemas left by runs that died more than two hours ago (names carry their start).
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname like 'bt\\_%'",
    );
    const cutoff = Math.floor(Date.now() / 1000) - 7200;
    for (const { nspname } of rows) {
      const started = Number(nspname.split('_')[1]);
      if (Number.isFinite(started) && started < cutoff) await client.query(`drop schema if exists ${nspname} cascade`);
    }
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

let skippedBecause: string | null = null;

export default async function setup(project: TestProject): Promise<() => void> {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_PG_URL;
  const disabled = process.env.BESITOS_TEST_PG === '0';
  const problem = disabled ? 'BESITOS_TEST_PG=0' : await reachable(url);
  if (problem && process.env.CI === 'true') {
    throw new Error(`PostgreSQL is required when CI=true and is not reachable at ${url}: ${problem}`);
  }
  skippedBecause = problem;
  if (problem) {
    console.warn(`\n⚠️  PostgreSQL SKIPPED (${problem}). Only SQLite runs. Set TEST_DATABASE_URL or start PostgreSQL.\n`);
  }
  project.provide('pgUrl', problem ? null : url);
  return () => {
    if (skippedBecause) console.warn(`\n⚠️  PostgreSQL was SKIPPED in this run (${skippedBecause}): only SQLite was tested.\n`);
  };
}
