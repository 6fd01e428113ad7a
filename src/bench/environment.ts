/** What the numbers were measured on: machine, runtime, library versions, durability settings. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import type { BenchEnvironment } from './bench-types.js';
import type { Storage } from '../storage/connect.js';

const require = createRequire(import.meta.url);

/** The installed version of a dependency (walks up from its entry point to its package.json). */
export function packageVersion(name: string): string {
  try {
    let dir = dirname(require.resolve(name));
    for (;;) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      } catch {
        // no package.json here: keep walking up
      }
      const parent = dirname(dir);
      if (parent === dir) return 'unknown';
      dir = parent;
    }
  } catch {
    return 'unknown';
  }
}

export function baseEnvironment(): BenchEnvironment {
  const list = cpus();
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: list.length,
    cpu_model: list[0]?.model.trim() ?? 'unknown',
    loadavg_1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    sqlite_synchronous: 'normal',
    kysely: packageVersion('kysely'),
    better_sqlite3: packageVersion('better-sqlite3'),
    pg: packageVersion('pg'),
    members: 0,
    warmup_ms: 0,
    slices: 1,
    started_at: new Date().toISOString(),
  };
}

const SYNCHRONOUS = ['off', 'normal', 'full', 'extra'];

/** Reads back what the SQLite handle really runs with (not what was asked). */
export function sqliteSettings(storage: Storage): Partial<BenchEnvironment> {
  const sqlite = storage.sqlite;
  if (!sqlite) return {};
  const sync = Number(sqlite.pragma('synchronous', { simple: true }));
  return {
    sqlite_synchronous: SYNCHRONOUS[sync] ?? String(sync),
    sqlite_journal_mode: String(sqlite.pragma('journal_mode', { simple: true })),
    sqlite_version: String(sqlite.prepare('select sqlite_version()').pluck().get()),
  };
}

export async function postgresSettings(storage: Storage): Promise<Partial<BenchEnvironment>> {
  const pool = storage.pgPool;
  if (!pool) return {};
  const version = await pool.query<{ server_version: string }>('show server_version');
  const commit = await pool.query<{ synchronous_commit: string }>('show synchronous_commit');
  return {
    postgres_version: version.rows[0]?.server_version ?? 'unknown',
    postgres_synchronous_commit: commit.rows[0]?.synchronous_commit ?? 'unknown',
  };
}
