/**
 * The kinds of movement (SPEC §1). Earnings raise total_earned (and so the level); spends
 * raise total_spent; a refund is neither: it gives a shop spend back and lowers total_spent.
 */
export const TRANSACTION_TYPES = [
  'EARN_REACTION',
  'EARN_DAILY',
  'EARN_STREAK',
  'EARN_REWARD',
  'EARN_ADMIN',
  'SPEND_SHOP',
  'SPEND_ADMIN',
  'REFUND_SHOP',
] as const;

export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export type EarnType = Extract<TransactionType, `EARN_${string}`>;
export type SpendType = Extract<TransactionType, `SPEND_${string}`>;

export interface TransactionTypeInfo {
  readonly type: TransactionType;
  readonly name: { readonly es: string; readonly en: string };
  readonly isEarn: boolean;
  readonly isSpend: boolean;
}

const info = (type: TransactionType, es: string, en: string): TransactionTypeInfo => ({
  type,
  name: { es, en },
  isEarn: type.startsWith('EARN_'),
  isSpend: type.startsWith('SPEND_'),
});

export const TRANSACTION_TYPE_INFO: Readonly<Record<TransactionType, TransactionTypeInfo>> = {
  EARN_REACTION: info('EARN_REACTION', 'Reacción a una publicación', 'Reaction to a post'),
  EARN_DAILY: info('EARN_DAILY', 'Regalo diario', 'Daily gift'),
  EARN_STREAK: info('EARN_STREAK', 'Bono de racha', 'Streak bonus'),
  EARN_REWARD: info('EARN_REWARD', 'Recompensa', 'Reward'),
  EARN_ADMIN: info('EARN_ADMIN', 'Abono de un administrador', 'Admin credit'),
  SPEND_SHOP: info('SPEND_SHOP', 'Compra en la tienda', 'Shop purchase'),
  SPEND_ADMIN: info('SPEND_ADMIN', 'Cargo de un administrador', 'Admin debit'),
  REFUND_SHOP: info('REFUND_SHOP', 'Reembolso de la tienda', 'Shop refund'),
};

export const EARN_TYPES = TRANSACTION_TYPES.filter((t) => TRANSACTION_TYPE_INFO[t].isEarn) as EarnType[];
export const SPEND_TYPES = TRANSACTION_TYPES.filter((t) => TRANSACTION_TYPE_INFO[t].isSpend) as SpendType[];

export function isTransactionType(value: unknown): value is TransactionType {
  return typeof value === 'string' && (TRANSACTION_TYPES as readonly string[]).includes(value);
}
export function isEarn(type: TransactionType): type is EarnType {
  return TRANSACTION_TYPE_INFO[type].isEarn;
}
export function isSpend(type: TransactionType): type is SpendType {
  return TRANSACTION_TYPE_INFO[type].isSpend;
}
export function typeName(type: TransactionType, language: 'es' | 'en' = 'es'): string {
  return TRANSACTION_TYPE_INFO[type].name[language];
}
