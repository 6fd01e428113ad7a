/**
 * The scale fixture (bench/scale/) at 2,000 members on each database: the bulk load must
 * leave a database the engine could have written (`verify` clean, reactions, purchases,
 * rewards and state rows consistent with the ledger), with the migrated schema's indexes
 * back in place, the Zipf-like skew, all 90 days and every movement type; a second open
 * reuses it; the engine keeps working on it. No timing assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openScaleFixture, type ScaleFixture } from '../../src/bench/scale/scale-fixture.js';
import { ACTIVE_DAYS, MAX_ROWS_PER_MEMBER, POSTS_PER_DAY } from '../../src/bench/scale/fixture-shape.js';
import { sampleMembers, scaleCreditTarget, scaleReactTarget } from '../../src/bench/scale/scale-targets.js';
import { verifyLedger } from '../../src/core/ledger/verify.js';
import { TRANSACTION_TYPES } from '../../src/core/ledger/transaction-types.js';
import type { Database } from '../../src/storage/database.js';
import type { Storage } from '../../src/storage/connect.js';
import { migratedStorage, testDialects } from '../helpers/dialects.js';

const MEMBERS = 2_000;
const DAY_MS = 86_400_000;

async function one<T>(db: Kysely<Database>, query: ReturnType<typeof sql<T>>): Promise<T> {
  return (await query.execute(db)).rows[0]!;
}

async function indexDefinitions(storage: Storage): Promise<string[]> {
  const { rows } =
    storage.dialect === 'sqlite'
      ? await sql<{ d: string }>`select name || ' ' || coalesce(sql, '') as d from sqlite_master where type = 'index'`.execute(storage.db)
      : await sql<{ d: string }>`select indexname || ' ' || replace(indexdef, current_schema() || '.', '') as d from pg_indexes where schemaname = current_schema()`.execute(storage.db);
  // The fixture's own marker table is not part of the schema.
  return rows.map((r) => r.d).filter((d) => !d.includes('bench_fixture')).sort();
}

describe.each(testDialects())('scale fixture on $name', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'besitos-scale-'));
  const schema = `bt_scale_${randomBytes(4).toString('hex')}`;
  const pgUrl = inject('pgUrl');
  const open = () =>
    openScaleFixture({ backend: dialect.name, members: MEMBERS, cacheDir: dir, schema, ...(pgUrl ? { pgUrl } : {}) });
  let fixture: ScaleFixture;

  beforeAll(async () => {
    fixture = await open();
  }, 120_000);
  afterAll(async () => {
    await fixture?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes verify: balances, totals, levels and balance_after chains match the ledger', async () => {
    expect(fixture.built).toBe(true);
    const report = await verifyLedger(fixture.storage);
    expect(report.violations).toEqual([]);
    expect(report.members).toBe(MEMBERS);
    expect(report.transactions).toBe(fixture.info.transactions);
    // About ten movements a member (the first-reaction rewards come on top of the budget).
    expect(fixture.info.transactions).toBeGreaterThanOrEqual(10 * MEMBERS);
    expect(fixture.info.transactions).toBeLessThan(11 * MEMBERS);
  });

  it('has every movement type, all 90 days, and a few very active members over a long tail', async () => {
    const { db } = fixture.storage;
    const types = await sql<{ type: string }>`select distinct type from transactions`.execute(db);
    expect(types.rows.map((r) => r.type).sort()).toEqual([...TRANSACTION_TYPES].sort());
    const first = fixture.info.firstDay * DAY_MS;
    const span = await one(db, sql<{ lo: number; hi: number; days: number }>`
      select min(created_at) as lo, max(created_at) as hi, count(distinct created_at / ${sql.lit(DAY_MS)}) as days from transactions`);
    expect(Number(span.lo)).toBeGreaterThanOrEqual(first);
    expect(Number(span.hi)).toBeLessThan(first + ACTIVE_DAYS * DAY_MS);
    expect(Number(span.days)).toBe(ACTIVE_DAYS);
    const perMember = (await sql<{ n: number }>`select count(*) as n from transactions group by member_id order by n desc`.execute(db)).rows.map((r) => Number(r.n));
    expect(perMember).toHaveLength(MEMBERS);
    const total = perMember.reduce((a, b) => a + b, 0);
    const top1 = perMember.slice(0, MEMBERS / 100).reduce((a, b) => a + b, 0);
    expect(top1 / total).toBeGreaterThan(0.1); // the top 1 % hold far more than 1 %
    expect(perMember[MEMBERS / 2]!).toBeLessThanOrEqual(6); // the median member is in the tail
    expect(perMember[0]!).toBeGreaterThan(20 * perMember[MEMBERS / 2]!);
    expect(perMember[0]!).toBeLessThanOrEqual(MAX_ROWS_PER_MEMBER + 100);
    // Ids follow time across members, as the engine writes them.
    const backwards = await one(db, sql<{ n: number }>`
      select count(*) as n from transactions a join transactions b on b.id = a.id + 1 where b.created_at < a.created_at`);
    expect(Number(backwards.n)).toBe(0);
  });

  it('keeps the rows beside the ledger consistent: reactions, purchases, rewards, state, names', async () => {
    const { db } = fixture.storage;
    const c = await one(db, sql<Record<string, number>>`select
      (select count(*) from transactions where type = 'EARN_REACTION') as reaction_tx,
      (select count(*) from reactions) as reactions,
      (select count(*) from reactions r join transactions t on t.id = r.transaction_id
         where t.type = 'EARN_REACTION' and t.member_id = r.member_id
           and t.idempotency_key = 'reaction:' || r.channel_id || ':' || r.message_id) as paired,
      (select count(*) from reactions r join posts p on p.channel_id = r.channel_id and p.message_id = r.message_id
         where r.created_at > p.created_at and r.created_at < p.created_at + 3600000) as on_their_post,
      (select count(*) from posts) as posts,
      (select coalesce(max(n), 0) from (select count(*) as n from reactions group by member_id, created_at / ${sql.lit(DAY_MS)}) d) as most_in_a_day,
      (select coalesce(sum(total), 0) from reaction_state) as state_total,
      (select count(*) from transactions where type = 'SPEND_SHOP') as spends,
      (select count(*) from purchases p join transactions t on t.id = p.transaction_id
         where t.type = 'SPEND_SHOP' and t.member_id = p.member_id and -t.amount = p.price) as purchases,
      (select count(*) from transactions where type = 'REFUND_SHOP') as refunds,
      (select count(*) from purchases p join transactions t on t.id = p.refund_transaction_id
         where p.status = 'REFUNDED' and t.type = 'REFUND_SHOP' and t.amount = p.price) as refunded,
      (select count(*) from transactions where type = 'EARN_REWARD') as rewards,
      (select count(*) from member_rewards m join transactions t on t.id = m.transaction_id where t.amount = m.granted_value) as granted,
      (select count(*) from transactions where type = 'EARN_DAILY') as daily,
      (select count(*) from transactions where type = 'EARN_STREAK') as streak,
      (select coalesce(sum(claims), 0) from daily_state) as claims,
      (select count(*) from members where first_name is not null) as named,
      (select count(*) from members where username is not null) as with_username,
      (select count(distinct lower(username)) from members where username is not null) as distinct_usernames,
      (select coalesce(sum(owned), 0) from product_holdings) as owned,
      (select count(*) from purchases where status = 'COMPLETED') as completed`);
    const n = Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Number(v)]));
    expect(n.reactions).toBe(n.reaction_tx);
    expect(n.paired).toBe(n.reactions);
    expect(n.on_their_post).toBe(n.reactions);
    expect(n.posts).toBe(ACTIVE_DAYS * POSTS_PER_DAY);
    expect(n.most_in_a_day).toBeLessThanOrEqual(20); // the default daily limit
    expect(n.state_total).toBe(n.reactions);
    expect(n.purchases).toBe(n.spends);
    expect(n.refunded).toBe(n.refunds);
    expect(n.granted).toBe(n.rewards);
    expect(n.streak).toBe(n.daily);
    expect(n.claims).toBe(n.daily);
    expect(n.named).toBe(MEMBERS);
    expect(n.with_username).toBeGreaterThan(MEMBERS / 2);
    expect(n.distinct_usernames).toBe(n.with_username);
    expect(n.owned).toBe(n.completed);
  });

  it('has exactly the indexes of a freshly migrated database', async () => {
    const fresh = await migratedStorage(dialect);
    try {
      expect(await indexDefinitions(fixture.storage)).toEqual(await indexDefinitions(fresh.storage));
    } finally {
      await fresh.cleanup();
    }
  });

  it('is reused when opened again, and the engine credits and presses on it with verify still clean', async () => {
    await fixture.close();
    fixture = await open();
    expect(fixture.built).toBe(false);
    const sample = await sampleMembers(fixture.storage, 50);
    expect(sample.length).toBe(50);
    const credit = scaleCreditTarget(fixture.storage, sample);
    const react = await scaleReactTarget(fixture.storage, sample, 2);
    try {
      for (let seq = 0; seq < 100; seq++) {
        await credit.op(seq);
        await react.op(seq);
      }
    } finally {
      await credit.close();
      await react.close();
    }
    const report = await verifyLedger(fixture.storage);
    expect(report.violations).toEqual([]);
    expect(report.transactions).toBe(fixture.info.transactions + 200);
  });
});
