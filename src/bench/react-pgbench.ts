/**
 * The `react` row's pgbench comparison on PostgreSQL (issue 14): `pgbench -M prepared`
 * with the row's callers as clients, running the engine's very press statement
 * (postgres-press.ts, its text compiled by the engine's own Kysely, `$n` written as
 * pgbench's `:pN`), every press accepted, for the row's measured time. Skipped (undefined)
 * when `pgbench` is not on the PATH.
 *
 * Each client counts its presses (`\set i :i + 1`, variables persist per client); press
 * k = client + clients × i is member k mod members on post base + k div members, so each
 * press is a new (member, post) pair on posts registered beyond the ones the row used.
 * Unlike the engine, pgbench cannot build strings: the idempotency key is the post number
 * (still unique per member and post) and the metadata a constant object of the same size
 * class; `now` and the economy day are fixed for the run (the cooldown is 0).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dayNumber } from '../core/economy-day.js';
import { postgresPressText } from '../core/reactions/postgres-press.js';
import { loadSettings } from '../core/settings/settings.js';
import type { BenchDatabase } from './bench-database.js';
import { REACT_CHANNEL } from './react-workload.js';
import { REACTION_TYPE } from './react-statements.js';

const run = promisify(execFile);
const POSTS_CHUNK = 500;

async function hasPgbench(): Promise<boolean> {
  try {
    await run('pgbench', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** Presses per second pgbench reached, or undefined without pgbench. */
export async function pgbenchPress(database: BenchDatabase, pgUrl: string, clients: number, durationMs: number): Promise<number | undefined> {
  if (!(await hasPgbench())) return undefined;
  const { storage, memberIds, schema } = database;
  if (!schema) throw new Error('the pgbench comparison needs the run schema');
  const settings = await loadSettings(storage.db);
  const members = memberIds.length;
  const first = memberIds[0]!;
  if (memberIds.some((id, i) => id !== first + i)) throw new Error('pgbench comparison: member ids must be consecutive');
  const seconds = Math.max(1, Math.round(durationMs / 1000));
  // Posts beyond every post the row used; room for 200,000 presses a second (far above either side).
  const last = await storage.db
    .selectFrom('posts')
    .select((eb) => eb.fn.max('message_id').as('last'))
    .where('channel_id', '=', REACT_CHANNEL)
    .executeTakeFirst();
  const base = Number(last?.last ?? 0) + 1;
  const posts = Math.ceil((200_000 * seconds) / members) + 1;
  const at = Date.now();
  await storage.db.transaction().execute(async (trx) => {
    for (let from = 0; from < posts; from += POSTS_CHUNK) {
      const to = Math.min(posts, from + POSTS_CHUNK);
      const rows = Array.from({ length: to - from }, (_, i) => ({ channel_id: REACT_CHANNEL, message_id: base + from + i, created_at: at }));
      await trx.insertInto('posts').values(rows).execute();
    }
  });

  const amount = settings['reactions.amount'];
  const values: Record<number, string> = {
    1: ':member', 2: String(amount), 3: String(amount), 4: '0', 5: String(at),
    6: `'${REACTION_TYPE}'`, 7: "''", 8: `'{"channel":0,"post":0,"emoji":"x"}'`, 9: ':post',
    10: String(REACT_CHANNEL), 11: ':post', 12: `'${settings['reactions.emojis'][0]!}'`,
    13: String(dayNumber(at, settings['economy.timezone'])), 14: String(settings['reactions.cooldown_seconds'] * 1000),
    15: String(settings['reactions.daily_limit']), 16: '0',
  };
  // Under -M prepared pgbench binds each :variable as a parameter; numbers go in as
  // variables (:pN), text stays a literal (pgbench variables are numbers).
  const text = postgresPressText(storage.db).replace(/\$(\d+)/g, (_, n: string) => {
    const v = values[Number(n)]!;
    return v.startsWith(':') || v.startsWith("'") ? v : `:p${n}`;
  });
  const script = [
    '\\set i :i + 1',
    `\\set k :client_id + ${clients} * :i`,
    `\\set member ${first} + mod(:k, ${members})`,
    `\\set post ${base} + :k / ${members}`,
    ...Object.entries(values)
      .filter(([, v]) => !v.startsWith(':') && !v.startsWith("'"))
      .map(([n, v]) => `\\set p${n} ${v}`),
    // One line: pgbench reads a statement up to its semicolon.
    `${text.replace(/\s+/g, ' ').trim()};`,
  ].join('\n');
  const dir = await mkdtemp(join(tmpdir(), 'besitos-pgbench-'));
  try {
    const file = join(dir, 'press.sql');
    await writeFile(file, `${script}\n`);
    const { stdout } = await run(
      'pgbench',
      ['-n', '-M', 'prepared', '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(seconds), '-D', 'i=-1', '-f', file, pgUrl],
      { env: { ...process.env, PGOPTIONS: `-c search_path=${schema}` }, maxBuffer: 1 << 20 },
    );
    const tps = /tps = ([\d.]+)/.exec(stdout);
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    const failed = /number of failed transactions: (\d+)/.exec(stdout);
    if (failed && Number(failed[1]) > 0) throw new Error(`pgbench: ${failed[1]} presses failed:\n${stdout}`);
    // Every press accepted: one reaction row per pgbench transaction on the new posts.
    const processed = /actually processed: (\d+)/.exec(stdout);
    const stored = await storage.db
      .selectFrom('reactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_id', '=', REACT_CHANNEL)
      .where('message_id', '>=', base)
      .executeTakeFirstOrThrow();
    if (!processed || Number(stored.n) !== Number(processed[1])) {
      throw new Error(`pgbench: ${processed?.[1] ?? '?'} presses ran, ${stored.n} reactions stored (each must be accepted)`);
    }
    return Math.round(Number(tps[1]));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
