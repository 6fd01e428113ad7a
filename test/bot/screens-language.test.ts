/**
 * Every admin and member screen, in both languages, as people read it (issue 10, defect 7):
 * driven through the fake Bot API — menus, each wizard's prompts and refusals, member lookup,
 * metrics, settings, products, rewards, content, /publicar; the member's home, shop, rewards,
 * history, purchases, daily gift, language, /top and the leaderboard switch — and every text and button label the bot
 * wrote is searched for raw values: enum names, zod's English sentences, "undefined", "NaN",
 * "[object", Fluent's marks for a missing message or variable, and (in Spanish screens)
 * tell-tale English words; (in English screens) Spanish command names and words.
 *
 * Names people typed (products, rewards, content sets, members) are data, not the bot's
 * words: they are taken out of a text before it is searched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from 'grammy/types';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN_ID, FREE_CHANNEL, VIP_CHANNEL, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { callback, channelPost, privateChat, text, user } from '../../src/bot/testing/updates.js';
import { reactionCallbackData } from '../../src/bot/features/channels/reaction-keyboard.js';
import type { RecordedCall } from '../../src/bot/testing/fake-bot-api.js';
import { buttonsOf, lastScreen, messageIdOf } from './member-kit.js';

const EN_ADMIN_ID = 900002;
type Lang = 'es' | 'en';

/** Words of the bot's own that must never reach a person. */
const RAW: ReadonlyArray<[string, RegExp]> = [
  ['enum name', /\b(FREE|ADMIN|CONTENT|VIP_DAYS|BESITOS|BADGE|COMPLETED|REFUNDED|PENDING|OTHER|EARN_[A-Z_]+|SPEND_[A-Z_]+|REFUND_[A-Z_]+|STREAK_LENGTH|REACTION_STREAK|TOTAL_EARNED|TOTAL_SPENT|LEVEL|FIRST_[A-Z_]+|NOT_VIP|NOT_CLAIMED_BEFORE|INVALID_[A-Z_]+|NOT_FOUND|UNKNOWN_[A-Z_]+)\b/],
  ['zod text', /Invalid input|Too (small|big)|expected (number|string|int|array|object)|received (string|number)|Invalid value for setting/],
  ['engine English', /Invalid level formula|is refused:|Formula is empty|at column \d+/],
  ['raw value', /\bundefined\b|\bNaN\b|\[object |\bnull\b/],
  ['missing Fluent message or variable', /\{\s*\$?[A-Za-z][\w-]*\s*\}|\b(admin|member|error|channels|command)-[a-z0-9]+(-[a-z0-9]+)+\b/],
  ['chat id', /-100\d{6,}/],
  ['ledger reason prefix', /\b(shop|refund): /],
  ['formula as the engine describes it', /\blinear \(step|exponential \(base/],
  ['number without its plural', /\b1 (veces|times|días|days|archivos|files|niveles|levels)\b/],
  ['gender: a reward is feminine', /recompensa[^\n]*\((activo|inactivo)\)|\n#\d+ [^\n]*→[^\n]*\((activo|inactivo)\)/],
];

/** English words that give away an untranslated Spanish screen. */
const ENGLISH_IN_SPANISH =
  /\b(the|and|your|you|with|of|is|are|must|not|at|step|active|inactive|times|role|stock|sold|balance|shop|refund|reward|rewards|content|member|members|level|days|cancel|step|base|factor)\b/i;
/**
 * Spanish words (and admin command names) that give away an untranslated English screen. */
const SPANISH_IN_ENGLISH = /\b(de|del|la|el|los|las|que|para|con|días|activo|activa|inactivo|inactiva|veces|recompensa|miembro|contenido|gratis|existencias)\b|\/(miembro|publicar|cancelar|listo)\b/i;

interface Found {
  screen: string;
  kind: string;
  token: string;
  text: string;
}

function findRaw(lang: Lang, screen: string, raw: string, data: readonly string[]): Found[] {
  let body = raw;
  for (const d of data) body = body.split(d).join('«»');
  const found: Found[] = [];
  for (const [kind, re] of RAW) {
    const m = re.exec(body);
    if (m) found.push({ screen, kind, token: m[0], text: raw });
  }
  const other = lang === 'es' ? ENGLISH_IN_SPANISH : SPANISH_IN_ENGLISH;
  const m = other.exec(body);
  if (m) found.push({ screen, kind: lang === 'es' ? 'English word in a Spanish screen' : 'Spanish word in an English screen', token: m[0], text: raw });
  return found;
}

/** Everything the bot wrote to `chatId` after `mark`: texts, toasts and button labels. */
function written(h: BotHarness, chatId: number, mark: number): string[] {
  const out: string[] = [];
  for (const c of h.api.since(mark)) {
    if (c.method === 'answerCallbackQuery') {
      if (c.payload.text) out.push(String(c.payload.text));
      continue;
    }
    if (Number(c.payload.chat_id) !== chatId) continue;
    if (c.payload.text) out.push(String(c.payload.text));
    if (c.payload.caption) out.push(String(c.payload.caption));
    const labels = buttonsOf(c).map((b) => b.text);
    if (labels.length > 0) out.push(labels.join(' | '));
  }
  return out;
}

describe.each(testDialects())('every screen in both languages ($name)', (dialect) => {
  let h: BotHarness;
  /** Names people typed: data, not the bot's words. */
  const data: string[] = ['Lucía', 'Lucy', 'Ada', 'Eve', 'lucia_fan', 'lucy_en', 'ada_admin', 'free', 'vip', '❤️', '🔥', '💋', '😈'];
  const found: Found[] = [];
  /** A few screens as rendered, for the report and for a reader of a failure. */
  const samples = new Map<string, string>();

  const admins: Record<Lang, User> = {
    es: user(ADMIN_ID, { first_name: 'Ada', username: 'ada_admin', language_code: 'es' }),
    en: user(EN_ADMIN_ID, { first_name: 'Eve', language_code: 'en' }),
  };
  const members: Record<Lang, User> = {
    es: user(601, { first_name: 'Lucía', username: 'lucia_fan', language_code: 'es' }),
    en: user(602, { first_name: 'Lucy', username: 'lucy_en', language_code: 'en' }),
  };

  beforeAll(async () => {
    h = await startBotHarness(dialect, {
      adminIds: [ADMIN_ID, EN_ADMIN_ID],
      bot: { commandLimit: { timeFrameMs: 1000, limit: 1000 } },
      // The VIP channel's title is unknown (configured by id only): /publicar must still name it.
      channels: [
        { id: FREE_CHANNEL, kind: 'FREE', title: 'free' },
        { id: VIP_CHANNEL, kind: 'VIP' },
      ],
    });
    const set = await h.economy.shop.createContentSet({ adminId: ADMIN_ID, name: 'Sesión Playa', items: [{ kind: 'photo', fileId: 'PHOTO_1' }] });
    const product = await h.economy.shop.createProduct({ adminId: ADMIN_ID, name: 'Pack Playa', description: 'Tres fotos', kind: 'CONTENT', contentSetId: set.id, price: 10 });
    await h.economy.shop.createProduct({ adminId: ADMIN_ID, name: 'Semana VIP', description: '', kind: 'VIP_DAYS', days: 7, price: 50, tier: 'FREE' });
    data.push('Sesión Playa', 'Pack Playa', 'Tres fotos', 'Semana VIP', 'Regalo extra', 'Gracias por venir', 'Racha de oro');
    for (const r of await h.economy.rewards.listRewards(ADMIN_ID)) data.push(r.name, r.description ?? '');
    // Each member: a reaction, the daily gift, an admin credit, a purchase, a VIP grant.
    await h.send(channelPost(FREE_CHANNEL, 501));
    for (const lang of ['es', 'en'] as const) {
      const m = members[lang];
      await h.send(text(m, '/start'));
      await h.send(callback(m, { message_id: 501, chat: { id: FREE_CHANNEL, type: 'channel', title: 'free' } }, reactionCallbackData(FREE_CHANNEL, 501, '❤️')));
      await h.send(text(m, lang === 'es' ? '/regalo' : '/daily'));
      await h.economy.ledger.adminCredit({ adminId: ADMIN_ID, memberId: m.id, amount: 100, reason: 'Gracias por venir' });
      await h.economy.shop.purchase({ memberId: m.id, productId: product.id, confirmationKey: `screens-${lang}` });
      // The Spanish member stays FREE (the card names the role), the English one is VIP.
      if (lang === 'en') await h.economy.membership.grantVip({ memberId: m.id, days: 3, adminId: ADMIN_ID });
    }
  });
  afterAll(async () => {
    await h?.stop();
    if (found.length > 0) console.log(JSON.stringify(found, null, 1));
  });

  const scan = (lang: Lang, screen: string, chatId: number, mark: number): string[] => {
    const texts = written(h, chatId, mark);
    for (const t of texts) found.push(...findRaw(lang, screen, t, data));
    samples.set(`${lang} ${screen}`, texts.join('\n---\n'));
    return texts;
  };

  for (const lang of ['es', 'en'] as const) {
    describe(`${lang}`, () => {
      const say = async (from: User, body: string, screen: string, extra = {}) => {
        const mark = h.api.mark();
        await h.send(text(from, body, extra));
        return scan(lang, screen, from.id, mark);
      };
      const pressData = async (from: User, data: string, screen: string, messageId = 1) => {
        const mark = h.api.mark();
        await h.send(callback(from, { message_id: messageId, chat: privateChat(from) }, data));
        return scan(lang, screen, from.id, mark);
      };
      /** Presses the button labelled `label` on the last screen of `from`'s chat. */
      const pressLabel = async (from: User, label: RegExp, screen: string) => {
        const last: RecordedCall = lastScreen(h, from.id);
        const button = buttonsOf(last).find((b) => label.test(b.text));
        if (!button) throw new Error(`${screen}: no button ${String(label)} in ${JSON.stringify(buttonsOf(last).map((b) => b.text))}`);
        return pressData(from, button.data, screen, messageIdOf(last));
      };

      it('admin: menu, settings with refusals, formula preview', async () => {
        const a = admins[lang];
        await say(a, '/admin', 'menu');
        await pressData(a, 'adm:settings', 'settings');
        await pressData(a, 'adm:set:reactions.amount', 'setting prompt');
        await say(a, 'siete', 'setting refused (type)');
        await say(a, '0', 'setting refused (too small)');
        await say(a, '1.5', 'setting refused (not whole)');
        await say(a, '/cancel', 'setting cancelled');
        await pressData(a, 'adm:set:reactions.emojis', 'emojis prompt');
        await say(a, '❤️ ❤️', 'emojis refused (distinct)');
        await say(a, '/cancel', 'cancelled');
        await pressData(a, 'adm:set:economy.timezone', 'timezone prompt');
        await say(a, 'Marte/Base', 'timezone refused');
        await say(a, '/cancel', 'cancelled');
        await pressData(a, 'adm:set:levels.formula', 'formula prompt');
        await say(a, '100 - total_earned', 'formula refused (decreasing)');
        await say(a, 'linear:abc', 'formula refused (preset)');
        await say(a, 'floor(total_earned +', 'formula refused (syntax)');
        await say(a, 'linear:50', 'formula preview');
        await pressData(a, 'adf:ok', 'formula set');
        await h.economy.settings.set('levels.formula', { kind: 'sqrt' }, 'test');
        await pressData(a, 'adm:settings', 'settings after');
      });

      it('admin: products, content, the product wizard to its summary', async () => {
        const a = admins[lang];
        await pressData(a, 'adm:products', 'products');
        await pressData(a, 'adm:content', 'content sets');
        await pressData(a, 'adm:pr:new', 'product name prompt');
        await say(a, 'Regalo extra', 'product description prompt');
        await say(a, '-', 'product kind prompt');
        await pressLabel(a, lang === 'es' ? /Contenido/ : /Content/, 'product set prompt');
        await pressLabel(a, /Sesión Playa/, 'product price prompt');
        await say(a, 'mucho', 'product price refused');
        await say(a, '20', 'product vip prompt');
        await say(a, '200%', 'product vip refused');
        await say(a, '-', 'product tier prompt');
        await pressLabel(a, lang === 'es' ? /todos/ : /everyone/i, 'product stock prompt');
        await say(a, '-', 'product limit prompt');
        const summary = await say(a, '-', 'product summary');
        await pressData(a, 'adf:cancel', 'product cancelled');
        expect(summary.join('\n')).toContain('Sesión Playa');
      });

      it('admin: rewards and the reward wizard to its summary', async () => {
        const a = admins[lang];
        await pressData(a, 'adm:rewards', 'rewards');
        await pressData(a, 'adm:rw:new', 'reward name prompt');
        await say(a, 'Racha de oro', 'reward description prompt');
        await say(a, '-', 'reward kind prompt');
        await pressLabel(a, /Besitos/, 'reward amount prompt');
        await say(a, '0', 'reward amount refused');
        await say(a, '15', 'reward condition prompt');
        await pressLabel(a, lang === 'es' ? /Racha de regalos/ : /streak/i, 'reward condition value prompt');
        await say(a, '3', 'reward group prompt');
        await pressData(a, 'adf:group:0', 'reward condition prompt 2');
        await pressData(a, 'adf:done', 'reward repeatable prompt');
        await pressData(a, 'adf:rep:REPEAT', 'reward cooldown prompt');
        await say(a, '24', 'reward max claims prompt');
        await say(a, '-', 'reward secret prompt');
        await pressData(a, 'adf:yn:NO', 'reward mode prompt');
        await pressData(a, 'adf:mode:manual', 'reward window prompt');
        await say(a, '-', 'reward summary');
        await pressData(a, 'adf:cancel', 'reward cancelled');
        const first = (await h.economy.rewards.listRewards(ADMIN_ID))[0]!;
        await pressData(a, `adm:rw:del:${first.id}`, 'reward delete confirm');
      });

      it('admin: member lookup, card, credit/debit/VIP prompts and refusals, metrics, /publicar', async () => {
        const a = admins[lang];
        const m = members[lang];
        await pressData(a, 'adm:member', 'member lookup prompt');
        await say(a, '@nadie_aqui', 'member not found');
        await say(a, `@${m.username}`, 'member card');
        await say(a, `/${lang === 'es' ? 'miembro' : 'member'} ${m.id}`, 'member card by command');
        await pressData(a, `adm:m:credit:${m.id}`, 'credit prompt');
        await say(a, '0', 'credit refused');
        await say(a, '5', 'reason prompt');
        await say(a, 'Premio', 'credit done');
        await pressData(a, `adm:m:debit:${m.id}`, 'debit prompt');
        await say(a, '999999', 'reason prompt');
        await say(a, 'Ajuste', 'debit refused (short)');
        await pressData(a, `adm:m:vip:${m.id}`, 'vip prompt');
        await say(a, '2', 'vip done');
        await pressData(a, 'adm:metrics', 'metrics');
        await say(a, `/${lang === 'es' ? 'publicar' : 'publish'}`, 'publish usage');
        await say(a, `/${lang === 'es' ? 'publicar' : 'publish'}`, 'publish choose', { reply_to_message: { message_id: 77, date: 0, chat: privateChat(a), text: 'hola' } });
      });

      it('member: home, shop, rewards, history, purchases, daily gift, language', async () => {
        const m = members[lang];
        await say(m, '/start', 'home');
        const home = lastScreen(h, m.id);
        for (const b of buttonsOf(home)) {
          await pressData(m, b.data, `home → ${b.text}`, messageIdOf(home));
          const screen = lastScreen(h, m.id);
          // One level deeper: the first few buttons of each screen (a product, a reward, a page).
          // (not the language buttons: the walk stays in the member's language)
          const inners = buttonsOf(screen).filter((x) => !/English|Español|Autom/.test(x.text));
          for (const inner of inners.slice(0, 3)) await pressData(m, inner.data, `home → ${b.text} → ${inner.text}`, messageIdOf(screen));
          await say(m, '/start', 'home');
        }
        for (const c of lang === 'es' ? ['/regalo', '/saldo', '/historial', '/tienda', '/compras', '/recompensas', '/idioma', '/ayuda'] : ['/daily', '/balance', '/history', '/shop', '/purchases', '/rewards', '/language', '/help']) {
          await say(m, c, c);
        }
      });

      it('member: /top on each board with its own line, and the leaderboard switch in settings', async () => {
        const m = members[lang];
        await h.economy.stats.refresh();
        await say(m, lang === 'es' ? '/ranking' : '/top', 'top (not opted in)');
        for (const board of [/Semana|Week/, /Mes|Month/, /Siempre|All time/]) await pressLabel(m, board, `top board ${String(board)}`);
        await say(m, lang === 'es' ? '/ajustes' : '/settings', 'settings');
        await pressLabel(m, /🏅/, 'leaderboard switched on');
        await say(m, '/top', 'top (opted in, not yet listed)');
        await h.economy.stats.refresh();
        await say(m, '/top', 'top (listed)');
        await say(m, lang === 'es' ? '/ajustes' : '/settings', 'settings');
        await pressLabel(m, /🏅/, 'leaderboard switched off');
      });
    });
  }

  it('finds no raw value, enum name, library text or word of the other language on any screen', () => {
    // On a failure, a few screens as rendered, for whoever reads it.
    if (found.length > 0) {
      for (const key of ['es setting refused (type)', 'en setting refused (too small)', 'es member card', 'en member card', 'es product summary', 'en publish choose']) {
        console.log(`==== ${key}\n${samples.get(key) ?? '(none)'}`);
      }
    }
    expect(found.map((f) => `${f.screen}: ${f.kind} «${f.token}» in ${JSON.stringify(f.text)}`)).toEqual([]);
  });
});
