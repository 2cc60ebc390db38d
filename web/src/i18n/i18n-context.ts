import { createContext, useContext } from 'react';
import type { Language } from '../../../server/contract/lesson.js';
import { strings, type StringKey } from './strings.js';

export type Translate = (key: StringKey) => string;

export const I18nContext = createContext<{ language: Language; t: Translate }>({ language: 'en', t: (key) => strings.en[key] });

export const translator = (language: Language): Translate => (key) => strings[language][key];

/** The current language and its strings. */
export const useI18n = () => useContext(I18nContext);
