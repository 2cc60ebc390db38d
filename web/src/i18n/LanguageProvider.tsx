import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Language } from '../../../server/contract/lesson.js';
import { storedLanguage } from '../app/stored-state.js';
import { I18nContext, translator } from './i18n-context.js';

/** The language the learner chose before, else the browser's (Bahasa Indonesia or English). */
const firstLanguage = (): Language => storedLanguage.get() ?? (navigator.language.startsWith('id') ? 'id' : 'en');

/** The page's language: remembered, set on <html lang>, and given to everything below through useI18n. */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState(firstLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(
    () => ({
      language,
      t: translator(language),
      setLanguage: (next: Language) => {
        storedLanguage.set(next);
        setLanguage(next);
      },
    }),
    [language],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
