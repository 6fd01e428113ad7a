/**
 * `besitos demo`: a whole community lived offline on a fresh embedded database, through
 * the same engine calls the bot makes. Deterministic for a seed: members, their habits
 * and every choice come from one seeded generator, and time is a ManualClock.
 *
 * Each simulated day: the admin publishes posts in the free and VIP channels; members
 * (each with their own habits: how often they come by, how many posts they react to,
 * whether they keep their streak) claim the daily gift and react, spaced past the
 * cooldown; now and then the admin grants VIP days or tunes a setting; at the end of the
 * day the day-boundary jobs run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Economy, isEconomyError, ManualClock, openEconomy } from '../core/index.js';
import { buildReport, type DemoReport } from './demo-report.js';
import { Random } from './random.js';

export interface DemoOptions {
  members?: number;
  days?: number;
  seed?: number;
  /** Database URL; default a temporary SQLite file, deleted afterwards (one given is kept: `demo --serve`). */
  url?: string;
  /** Called after each simulated day. */
  onDay?: (day: number, days: number) => void;
}

export const DEMO_DEFAULTS = { members: 200, days: 30, seed: 1 } as const;

const FREE_CHANNEL = -1_000_000_000_001;
const VIP_CHANNEL = -1_000_000_000_002;
const ADMIN_ID = 1;
/** The demo's admin: the one `demo --serve` logs in (its one-time link). */
export const DEMO_ADMIN_ID = ADMIN_ID;
const FIRST_MEMBER = 100_001;
const EMOJIS = ['❤️', '🔥', '💋', '😈'];
const START = Date.parse('2026-01-05T00:00:00Z');
const HOUR = 3_600_000;

/** Where the demo's clock stands when a demo of `days` days ends (the last day's jobs, 23:59). */
export function demoEndsAt(days: number): number {
  return START + (days - 1) * 24 * HOUR + 23 * HOUR + 59 * 60_000;
}

interface Shop {
  products: Array<{ id: number; price: number }>;
}

interface Persona {
  id: number;
  /** Chance to come by on a given day. */
  visits: number;
  /** Share of the day's posts reacted to on a visit. */
  reacts: number;
  /** Claims the daily gift on a visit. */
  claims: number;
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoReport> {
  const members = options.members ?? DEMO_DEFAULTS.members;
  const days = options.days ?? DEMO_DEFAULTS.days;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  for (const [name, value, max] of [['members', members, 100_000], ['days', days, 3650]] as const) {
    if (!Number.isSafeInteger(value) || value < 1 || value > max) throw new RangeError(`${name} must be from 1 to ${max}`);
  }
  let tempDir: string | undefined;
  let url = options.url;
  if (url === undefined) {
    tempDir = mkdtempSync(join(tmpdir(), 'besitos-demo-'));
    url = `sqlite:${join(tempDir, 'demo.db')}`;
  }
  const clock = new ManualClock(START);
  const economy = await openEconomy(url, { clock, adminIds: [ADMIN_ID] });
  const started = performance.now();
  try {
    const rng = new Random(seed);
    const personas = await setUp(economy, rng, members);
    const shop = await openShop(economy);
    for (let day = 0; day < days; day++) {
      await liveDay(economy, clock, rng, personas, shop, day);
      options.onDay?.(day + 1, days);
    }
    return await buildReport(economy, { members, days, seed, elapsedMs: Math.round(performance.now() - started) });
  } finally {
    await economy.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

async function setUp(economy: Economy, rng: Random, count: number): Promise<Persona[]> {
  await economy.reactions.configureChannels([
    { id: FREE_CHANNEL, kind: 'FREE', title: 'Besitos (free)' },
    { id: VIP_CHANNEL, kind: 'VIP', title: 'Besitos VIP' },
  ]);
  await economy.membership.register({ id: ADMIN_ID, username: 'owner', firstName: 'Owner', language: 'es' });
  const personas: Persona[] = [];
  for (let i = 0; i < count; i++) {
    const id = FIRST_MEMBER + i;
    // A few regulars, many casual visitors, some who drift away.
    const kind = rng.next();
    const persona: Persona =
      kind < 0.2
        ? { id, visits: 0.95, reacts: 0.9, claims: 0.97 }
        : kind < 0.7
          ? { id, visits: 0.6, reacts: 0.5, claims: 0.8 }
          : { id, visits: 0.25, reacts: 0.3, claims: 0.5 };
    personas.push(persona);
    await economy.membership.register({
      id,
      username: `miembro${i + 1}`,
      firstName: `Miembro ${i + 1}`,
      language: rng.chance(0.8) ? 'es' : 'en',
    });
    // Two members in three choose to appear on the leaderboards (chosen by id, not drawn, so
    // the seed's community stays the same).
    if (i % 3 !== 2) await economy.leaderboards.setOptIn(id, true);
  }
  return personas;
}

/** The admin stocks the shop: two content packs (one VIP-only) and a week of VIP. */
async function openShop(economy: Economy): Promise<Shop> {
  const adminId = ADMIN_ID;
  const beach = await economy.shop.createContentSet({ adminId, name: 'Playa', items: [{ kind: 'photo', fileId: 'demo-photo-1' }, { kind: 'photo', fileId: 'demo-photo-2' }] });
  const night = await economy.shop.createContentSet({ adminId, name: 'Noche', items: [{ kind: 'video', fileId: 'demo-video-1' }] });
  const products = [
    await economy.shop.createProduct({ adminId, name: 'Pack Playa', kind: 'CONTENT', contentSetId: beach.id, price: 150, vipDiscountPct: 20 }),
    await economy.shop.createProduct({ adminId, name: 'Pack Noche', kind: 'CONTENT', contentSetId: night.id, price: 300, tier: 'VIP', stock: 25 }),
    await economy.shop.createProduct({ adminId, name: 'Semana VIP', kind: 'VIP_DAYS', days: 7, price: 400 }),
  ];
  return { products: products.map((p) => ({ id: p.id, price: p.price })) };
}

async function liveDay(economy: Economy, clock: ManualClock, rng: Random, personas: Persona[], shop: Shop, day: number): Promise<void> {
  const dayStart = START + day * 24 * HOUR;
  clock.set(dayStart + 8 * HOUR);
  // The admin publishes 3 free posts and 1 VIP post every day.
  const posts: Array<{ channel: number; post: number }> = [];
  for (let i = 0; i < 4; i++) {
    const channel = i < 3 ? FREE_CHANNEL : VIP_CHANNEL;
    const post = day * 10 + i + 1;
    await economy.reactions.registerPost(channel, post);
    posts.push({ channel, post });
  }
  // Admin moves: a settings tweak on day 10, VIP grants now and then.
  if (day === 10) await economy.settings.set('reactions.amount', 6, `admin:${ADMIN_ID}`);
  if (day === 20) await economy.settings.set('daily.bonus_cap', 40, `admin:${ADMIN_ID}`);
  if (rng.chance(0.3)) {
    const lucky = rng.pick(personas);
    await economy.membership.grantVip({ memberId: lucky.id, days: rng.int(3, 14), adminId: ADMIN_ID, reason: 'demo: loyal member' });
  }
  // Members come by, in order, each visit 40 s after the previous so cooldowns pass.
  let t = dayStart + 9 * HOUR;
  for (const p of personas) {
    if (!rng.chance(p.visits)) continue;
    if (rng.chance(p.claims)) {
      clock.set(t);
      await expected(economy.daily.claim(p.id));
    }
    for (const { channel, post } of posts) {
      if (!rng.chance(p.reacts)) continue;
      t += 40_000;
      clock.set(t);
      await expected(economy.reactions.react({ memberId: p.id, channelId: channel, messageId: post, emoji: rng.pick(EMOJIS) }));
    }
    // Now and then a member with enough besitos goes shopping.
    if (rng.chance(0.15)) {
      const product = rng.pick(shop.products);
      t += 1_000;
      clock.set(t);
      await expected(
        economy.shop.purchase({ memberId: p.id, productId: product.id, confirmationKey: `demo:${day}:${p.id}`, confirmRepurchase: true }),
      );
    }
    t += 1_000;
  }
  clock.set(dayStart + 23 * HOUR + 59 * 60_000);
  await economy.jobs.runDue();
}

/** Refusals are part of community life (a FREE member on a VIP post, a limit reached). */
async function expected(op: Promise<unknown>): Promise<void> {
  try {
    await op;
  } catch (err) {
    if (!isEconomyError(err)) throw err;
  }
}
