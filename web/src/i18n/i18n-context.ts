import { createContext, useContext } from 'react';
import type { Language } from '../../../server/contract/lesson.js';
import { strings, type StringKey } from './strings.js';

export type Translate = (key: StringKey) => string;

export interface I18n {
  language: Language;
  t: Translate;
  /** Switches the page's language and remembers it. */
  setLanguage: (language: Language) => void;
}

export const I18nContext = createContext<I18n>({ language: 'en', t: (key) => strings.en[key], setLanguage: () => {} });

export const translator =
  (language: Language): Translate =>
  (key) =>
    strings[language][key];

/** The current language and its strings. */
export const useI18n = () => useContext(I18nContext);
