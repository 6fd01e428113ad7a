export {
  TranslationsService,
  TRANSLATABLE_KINDS,
  DEFAULT_LOCALE,
  type TranslatableKind,
  type Translation,
  type SetTranslationInput,
  type LocalizedText,
} from './translations-service.js';
