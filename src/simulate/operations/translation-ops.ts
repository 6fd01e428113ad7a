/**
 * Names per language (issue 10): `set_translation` gives a product or reward its name (and
 * description, a badge's name) in another language; `translations` lists them. The engine
 * checks every field, so refusals name the field as the bot's admin flow shows them.
 */
import { z } from 'zod';
import type { TranslatableKind } from '../../core/index.js';
import { engineChecked } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';

const opt = z.unknown().optional();

const setTranslation = defineOperation(
  'set_translation',
  z.strictObject({
    admin: engineChecked<number>('admin (a Telegram id)'),
    kind: engineChecked<TranslatableKind>('kind (product or reward)'),
    id: engineChecked<number>('id'),
    locale: engineChecked<string>('locale'),
    name: opt,
    description: opt,
    badge_name: opt,
  }),
  async (a, { economy }) =>
    economy.translations.set({ adminId: a.admin, kind: a.kind, id: a.id, locale: a.locale, name: a.name, description: a.description, badgeName: a.badge_name }),
);

const translations = defineOperation(
  'translations',
  z.strictObject({ kind: engineChecked<TranslatableKind>('kind (product or reward)'), id: engineChecked<number>('id') }),
  async (a, { economy }) => ({ translations: await economy.translations.list(a.kind, a.id) }),
);

export const translationOperations: readonly Operation[] = [setTranslation, translations];
