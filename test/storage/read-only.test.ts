/**
 * Opening SQLite read-only (issue 11, item 10) at the storage layer: a database another
 * process has open (its `-wal` beside it) is read live through the existing index; one
 * nobody has open is read from a private copy, so nothing is created beside the file; either
 * way the database refuses writes, and the refusal is recognised as read-only.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStorage, parseDatabaseUrl, type Storage } from '../../src/storage/connect.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { isReadOnlyViolation } from '../../src/storage/write-transaction.js';
import { sqliteStorages } from './sqlite-storages.js';

const count = async (s: Storage) => Number((await sql<{ n: number }>`select count(*) as n from members`.execute(s.db)).rows[0]!.n);
const addMember = (s: Storage, id: number) => sql`insert into members (id, role, created_at, updated_at) values (${id}, 'FREE', 0, 0)`.execute(s.db);

async function refusal(write: Promise<unknown>): Promise<unknown> {
  try {
    await write;
  } catch (err) {
    return err;
  }
  throw new Error('the write was not refused');
}

describe('SQLite opened read-only (sqlite)', () => {
  const { location, opened } = sqliteStorages();

  it('the URL words: ?mode=ro, ?readonly, ?readonly=true; mode=rw and readonly=false are writable; anything else is refused', () => {
    expect(parseDatabaseUrl('sqlite:a.db?mode=ro')).toMatchObject({ file: 'a.db', readOnly: true });
    expect(parseDatabaseUrl('sqlite:a.db?readonly')).toMatchObject({ readOnly: true });
    expect(parseDatabaseUrl('sqlite:a.db?readonly=true&synchronous=full')).toMatchObject({ readOnly: true, synchronous: 'full' });
    expect(parseDatabaseUrl('sqlite:a.db?mode=rw')).not.toHaveProperty('readOnly');
    expect(parseDatabaseUrl('sqlite:a.db?readonly=false')).not.toHaveProperty('readOnly');
    expect(() => parseDatabaseUrl('sqlite:a.db?mode=readonly')).toThrow(/mode must be ro or rw/);
    expect(() => parseDatabaseUrl('sqlite:a.db?readonly=maybe')).toThrow(/readonly must be true or false/);
  });

  it('a database in use by a writer is read live, and refuses writes', async () => {
    const { url } = location();
    const writer = await opened(url);
    await migrateToLatest(writer);
    await addMember(writer, 1);
    const reader = await opened(`${url}?mode=ro`);
    expect(reader.readOnly).toBe('url');
    expect(await count(reader)).toBe(1);
    await addMember(writer, 2);
    expect(await count(reader)).toBe(2);
    const err = await refusal(addMember(reader, 3));
    expect(isReadOnlyViolation(err)).toBe(true);
    expect(await count(writer)).toBe(2);
  });

  it('a database nobody has open is read without creating anything beside it, and refuses writes', async () => {
    const { url } = location();
    const writer = await openStorage(url);
    await migrateToLatest(writer);
    await addMember(writer, 1);
    await writer.close();
    const file = parseDatabaseUrl(url);
    const dir = dirname(file.dialect === 'sqlite' ? file.file : '');
    const before = readdirSync(dir).sort();
    const reader = await opened(`${url}?readonly`);
    expect(await count(reader)).toBe(1);
    expect(isReadOnlyViolation(await refusal(addMember(reader, 2)))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
