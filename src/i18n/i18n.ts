import i18next, { type TFunction } from 'i18next';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const instance = i18next.createInstance();
void instance.init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false }, // preact escapes when rendering
});

export type Translate = TFunction;

export function translator(lang: Language): Translate {
  return instance.getFixedT(lang);
}

/** ?lang= wins, then the lang cookie; Chinese otherwise, whatever the browser prefers. */
export function pickLanguage(query: unknown, cookie: string | undefined): Language {
  const fromQuery = (query as { lang?: unknown } | undefined)?.lang;
  for (const candidate of [fromQuery, cookie]) {
    if (candidate === 'en' || candidate === 'zh-CN') return candidate;
  }
  return 'zh-CN';
}
