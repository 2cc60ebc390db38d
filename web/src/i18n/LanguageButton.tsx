import { useI18n } from './i18n-context.js';

/** Switches between English and Bahasa Indonesia; its text is in the language it switches to. */
export function LanguageButton() {
  const { language, t, setLanguage } = useI18n();
  const other = language === 'en' ? 'id' : 'en';
  return (
    <button type="button" className="small-button" onClick={() => setLanguage(other)} lang={other} aria-label={`${t('language')}: ${t('switchLanguage')}`}>
      {t('switchLanguage')}
    </button>
  );
}
