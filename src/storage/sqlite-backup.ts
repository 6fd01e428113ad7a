/**
 * Copying and replacing the embedded database file (`besitos backup` / `besitos restore`).
 *
 * The copy is SQLite's online backup (better-sqlite3's `db.backup()`), made in ONE step: a
 * single read transaction copies every page, so the copy is the database at one instant.
 * In WAL mode that read blocks no writer, so the bot keeps running; a copy made in the
 * default steps of 100 pages would start over each time another process commits, and under
 * steady load might never finish. The copy is written under a temporary name beside the
 * target and renamed into place, so nobody ever sees half a copy, and it is switched to the
 * rollback journal (DELETE): one self-contained file that opens read-only anywhere.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/** What `progress` returns to copy every remaining page in the next step (the driver's maximum). */
const ALL_PAGES = 0x7fffffff;

export interface SqliteCopy {
  /** Absolute path of the copy. */
  file: string;
  bytes: number;
  pages: number;
}

/** A name beside `file` for a copy in progress; removed whatever happens. */
export function partialName(file: string, label: string): string {
  return join(dirname(file), `.${basename(file)}.${label}-${process.pid}-${randomBytes(4).toString('hex')}.partial`);
}

/** Removes a database file and what SQLite keeps beside it. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Copies `source` (any open handle: a read-only one too) to `partial`, in one step, as a
 * rollback-journal file that passes SQLite's quick_check. The caller renames it into place.
 */
export async function copySqlite(source: SqliteDatabase.Database, partial: string): Promise<SqliteCopy> {
  try {
    const progress = await source.backup(partial, { progress: () => ALL_PAGES });
    const copy = new SqliteDatabase(partial, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy fails SQLite's quick_check: ${String(check)}`);
    } finally {
      copy.close();
    }
    return { file: partial, bytes: statSync(partial).size, pages: progress.totalPages };
  } catch (err) {
    removeDatabaseFiles(partial);
    throw err;
  }
}

/** Copies `source` into `file` (made anew, or replacing one), atomically. */
export async function backupSqlite(source: SqliteDatabase.Database, file: string): Promise<SqliteCopy> {
  const target = resolve(file);
  mkdirSync(dirname(target), { recursive: true });
  const partial = partialName(target, 'backup');
  const copy = await copySqlite(source, partial);
  try {
    renameSync(partial, target);
  } catch (err) {
    removeDatabaseFiles(partial);
    throw err;
  }
  return { ...copy, file: target };
}

/** The database file is open in another process (the bot): it cannot be replaced now. */
export class SqliteFileInUse extends Error {
  override readonly name = 'SqliteFileInUse';
}

/**
 * Puts `prepared` (a complete, closed database file beside `target`) in `target`'s place and
 * keeps `target`'s previous file as `aside`. Refused (SqliteFileInUse) while any other
 * connection has `target` open: leaving WAL mode needs the only connection, so the switch
 * to the rollback journal is the test, and it also folds the `-wal` into the file set aside,
 * which is then complete on its own.
 */
export function replaceSqliteFile(target: string, prepared: string, aside: string): { previous: string | null } {
  if (!existsSync(target)) {
    renameSync(prepared, target);
    return { previous: null };
  }
  const guard = new SqliteDatabase(target, { fileMustExist: true, timeout: 0 });
  try {
    guard.pragma('journal_mode = DELETE');
  } catch (err) {
    guard.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      throw new SqliteFileInUse(`${target} is open in another process`, { cause: err });
    }
    throw err;
  }
  guard.close();
  renameSync(target, aside);
  renameSync(prepared, target);
  return { previous: aside };
}
