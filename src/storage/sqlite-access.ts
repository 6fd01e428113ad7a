/**
 * Opening an SQLite file that must not be written: a backup opened for inspection (file mode
 * 0444, a read-only directory) or a URL that asks for it (`?mode=ro`, `?readonly`).
 *
 * A read-write open of such a file fails at the first pragma ("attempt to write a readonly
 * database"), so even `balance` could not read it. A plain read-only open is not enough
 * either: a WAL-mode file (every file besitos made) needs its `-shm` index, and SQLite
 * creates one beside the file, mode 0444 like the file, which then keeps the file read-only
 * for a later writer even after a chmod back; in a read-only directory it cannot create it
 * and refuses to read. So a WAL-mode file that nobody has open (no `-wal` beside it) is read
 * from a private in-memory copy (the copy's header says "rollback journal"; the file is not
 * touched), and one that is in use (`-wal` present: the bot runs) through the existing index.
 */
import { accessSync, closeSync, constants, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/** Why a database is open read-only: the URL asked for it, or the file or its directory cannot be written. */
export type ReadOnlyReason = 'url' | 'file' | 'directory';

/** `?mode=ro` (SQLite's URI word), `?readonly`, `?readonly=1|true`; `mode=rw`/`readonly=0|false` say the opposite. */
export function readOnlyAsked(query: URLSearchParams): boolean {
  const mode = query.get('mode')?.toLowerCase();
  if (mode !== undefined && !['ro', 'rw', 'rwc'].includes(mode)) {
    throw new TypeError(`mode must be ro or rw, not ${mode}`);
  }
  const flag = query.get('readonly')?.toLowerCase();
  if (flag !== undefined && !['', '1', 'true', '0', 'false'].includes(flag)) {
    throw new TypeError(`readonly must be true or false, not ${flag}`);
  }
  return mode === 'ro' || flag === '' || flag === '1' || flag === 'true';
}

/**
 * Write permission as an operator means it: a file or directory without any write bit
 * (chmod 444 / 555) is read-only even for root, who access(2) would let write it.
 */
function writable(path: string): boolean {
  try {
    if ((statSync(path).mode & 0o222) === 0) return false;
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Undefined when the file can be opened for writing (or does not exist yet and will be created). */
export function sqliteReadOnlyReason(file: string, askedInUrl: boolean): ReadOnlyReason | undefined {
  if (askedInUrl) return 'url';
  if (file === ':memory:' || !existsSync(file)) return undefined;
  if (!writable(file)) return 'file';
  // WAL mode writes `-wal` and `-shm` beside the file: a locked directory is enough only when both exist and can be written.
  const dir = dirname(resolve(file));
  if (!writable(dir) && !(writable(`${file}-wal`) && writable(`${file}-shm`))) return 'directory';
  return undefined;
}

const HEADER_BYTES = 100;
/** Bytes 18 and 19 of the header: 2 = WAL, 1 = rollback journal (sqlite.org/fileformat.html). */
const WRITE_VERSION = 18;
const READ_VERSION = 19;

/** The first `length` bytes of `file` (fewer when it is shorter). */
function readHead(file: string, length: number): Buffer {
  const head = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

function walHeader(file: string): boolean {
  const header = readHead(file, HEADER_BYTES);
  return header[WRITE_VERSION] === 2 || header[READ_VERSION] === 2;
}

/** A read-only handle on `file` that creates nothing beside it (see the top of this file). */
export function openSqliteReadOnly(file: string): SqliteDatabase.Database {
  if (file === ':memory:') throw new TypeError('an in-memory database cannot be opened read-only');
  if (!existsSync(file)) throw new TypeError(`no database file at ${file} (a read-only open creates nothing)`);
  if (existsSync(`${file}-wal`) || !walHeader(file)) return new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  const image = readFileSync(file);
  image[WRITE_VERSION] = 1;
  image[READ_VERSION] = 1;
  return new SqliteDatabase(image, { readonly: true });
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** True when `file` can be read and starts with SQLite's magic header ("SQLite format 3\0"). */
export function isSqliteFile(file: string): boolean {
  try {
    return readHead(file, MAGIC.length).equals(MAGIC);
  } catch {
    return false;
  }
}
