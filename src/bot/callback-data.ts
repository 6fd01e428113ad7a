/**
 * One codec for every inline button's data: a kind of data is a fixed prefix and typed
 * fields, `prefix:field:field…`. `pack` writes it, `match` reads it back (null for anything
 * that is not exactly this kind), and `filter` is a grammY filter that sets `ctx.match` to
 * the typed fields, so each screen registers its own buttons:
 *
 *     const product = callbackData('m:p', { productId: id, page });
 *     keyboard.text('…', product.pack({ productId: 7, page: 1 })); // 'm:p:7:1'
 *     composer.filter(product.filter, (ctx) => showProduct(ctx, ctx.match.productId, ctx.match.page));
 *
 * Why not the npm package `callback-data` (the grammY community's): its prefix cannot hold
 * the separator, so `m:h:…`, `adm:pr:on:…` and `pub:x` on buttons already sent would change;
 * it orders fields alphabetically (the reaction buttons' `r:<channel>:<post>:<emoji>` would
 * need renamed fields); it reads numbers with parseFloat (`1e3`, `12abc`, `1.5` pass); it has
 * no optional fields (the history page's cursor); its filter is a regex that accepts any
 * value and leaves `ctx.match` untyped; and it counts the 64-byte limit in UTF-16 units.
 *
 * Numbers are read strictly: canonical decimal only (no sign unless the field allows
 * negatives, no leading zero, no exponent), safe integers inside the field's range.
 */
import type { CallbackQueryContext, Context } from 'grammy';

/** Telegram's limit for `callback_data`, in UTF-8 bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

export interface Field<T> {
  /** What the field's text looks like: regex source without anchors (it is read inside a named group). */
  readonly pattern: string;
  /** The value of a text that matched `pattern`, or null when it is out of range. */
  decode(text: string): T | null;
}

type Fields = Record<string, Field<unknown>>;
type ValuesOf<F extends Fields> = { -readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };
/** Optional fields come all together or not at all. */
type Absent<F extends Fields> = { [K in keyof F]?: undefined };
export type DataOf<R extends Fields, O extends Fields> = ValuesOf<R> & (ValuesOf<O> | Absent<O>);

/** The fields of a kind of data (`FieldsOf<typeof reactionData>`). */
export type FieldsOf<D> = D extends CallbackData<infer V> ? V : never;

/**
 * A press of one kind of data: `ctx.match` holds its fields. (grammY declares `match` as a
 * string or a regex match; the fields are intersected with that, so the context still
 * passes wherever a plain context does, and reading a field is typed.)
 */
export type CallbackDataContext<C extends Context, V> = CallbackQueryContext<C> & { match: V };

export interface CallbackData<V> {
  readonly prefix: string;
  /** The data for `values`; throws (a bug, not input) when a value is outside its field or the data exceeds 64 bytes. */
  pack(...values: {} extends V ? [values?: V] : [values: V]): string;
  /** The fields of `data`, or null when it is not exactly this kind's data. */
  match(data: string | undefined): V | null;
  /** grammY filter (`composer.filter(x.filter, handler)`): a press with this kind's data, `ctx.match` its fields. */
  readonly filter: <C extends Context>(ctx: C) => ctx is CallbackDataContext<C, V>;
}

/** An integer in [min, max] (both safe integers), written in canonical decimal. */
export function integer(min: number, max: number, options: { zero?: boolean } = {}): Field<number> {
  const digits = String(Math.max(Math.abs(min), Math.abs(max))).length;
  const allowZero = options.zero ?? (min <= 0 && max >= 0);
  const body = `[1-9]\\d{0,${digits - 1}}`;
  return {
    pattern: `${min < 0 ? '-?' : ''}(?:${allowZero ? `0|${body}` : body})`,
    decode: (text) => {
      const n = Number(text);
      return Number.isSafeInteger(n) && n >= min && n <= max && (allowZero || n !== 0) ? n : null;
    },
  };
}

/** A text of the given shape (e.g. a cursor the engine gave out); read in unicode mode, its own flags aside. */
export function text(pattern: RegExp): Field<string> {
  return { pattern: pattern.source, decode: (t) => t };
}

/** One of a few literal words. */
export function oneOf<const T extends string>(...values: T[]): Field<T> {
  return { pattern: values.map(escape).join('|'), decode: (t) => (values as string[]).includes(t) ? (t as T) : null };
}

/** A positive id (member, product, purchase, reward, message). */
export const id = integer(1, Number.MAX_SAFE_INTEGER);
/** A Telegram chat id: negative for channels and groups, never 0. */
export const chatId = integer(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, { zero: false });

/**
 * A kind of callback data: `prefix`, then `fields` in order, then `optional` fields (all of
 * them or none). Field names are identifiers (they name the regex's groups).
 */
export function callbackData<R extends Fields = {}, O extends Fields = {}>(
  prefix: string,
  fields: R = {} as R,
  optional: O = {} as O,
): CallbackData<DataOf<R, O>> {
  type V = DataOf<R, O>;
  if (!/^[a-z]+(?::[a-z]+)*$/.test(prefix)) throw new Error(`callback data prefix "${prefix}" is not lower-case words joined by ":"`);
  const required = Object.entries(fields);
  const optionals = Object.entries(optional);
  const group = ([name, field]: [string, Field<unknown>]) => `:(?<${name}>${field.pattern})`;
  const tail = optionals.length > 0 ? `(?:${optionals.map(group).join('')})?` : '';
  const regex = new RegExp(`^${escape(prefix)}${required.map(group).join('')}${tail}$`, 'u');

  const match = (data: string | undefined): V | null => {
    if (data === undefined || Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) return null;
    const found = regex.exec(data);
    if (found === null) return null;
    const groups = found.groups ?? {};
    const present = optionals.length > 0 && groups[optionals[0]![0]] !== undefined;
    const values: Record<string, unknown> = {};
    for (const [name, field] of present ? [...required, ...optionals] : required) {
      const value = field.decode(groups[name]!);
      if (value === null) return null;
      values[name] = value;
    }
    return values as V;
  };

  const pack = (values: Record<string, unknown> = {}): string => {
    const present = optionals.length > 0 && values[optionals[0]![0]] !== undefined;
    const used = present ? [...required, ...optionals] : required;
    const data = [prefix, ...used.map(([name]) => String(values[name]))].join(':');
    // Read back what was written: a value outside its field (or one that would not come
    // back the same) fails here, where the button is made, not silently on the press.
    const back = match(data) as Record<string, unknown> | null;
    const names = [...required, ...optionals].map(([name]) => name);
    if (back === null || names.some((name) => back[name] !== values[name])) {
      throw new Error(`callback data ${prefix}: ${JSON.stringify(values)} has a value outside its field, or exceeds ${MAX_CALLBACK_DATA_BYTES} bytes`);
    }
    return data;
  };

  const filter = <C extends Context>(ctx: C): ctx is CallbackDataContext<C, V> => {
    const values = match(ctx.callbackQuery?.data);
    if (values === null) return false;
    // As grammY's own `callbackQuery` filter does with its regex match.
    (ctx as { match: unknown }).match = values;
    return true;
  };

  return { prefix, pack: pack as CallbackData<V>['pack'], match, filter };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
