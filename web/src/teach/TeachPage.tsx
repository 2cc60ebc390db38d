import { useEffect, useState } from 'react';
import type { ClassInfo } from '../../../server/contract/classes.js';
import { useI18n } from '../i18n/i18n-context.js';
import { LanguageButton } from '../i18n/LanguageButton.js';
import { ClassView } from './ClassView.js';
import { TeachForms } from './TeachForms.js';
import { classCodeInPath, teachApi } from './teach-api.js';

type View = { kind: 'checking' } | { kind: 'forms'; knownCode?: string } | { kind: 'class'; klass: ClassInfo };

/**
 * /teach: make a class or open one; /teach/<code>: that class, once this browser is its teacher
 * (the login cookie is HttpOnly, so the page asks the server).
 */
export default function TeachPage() {
  const { t } = useI18n();
  const [view, setView] = useState<View>(() => (classCodeInPath(location.pathname) ? { kind: 'checking' } : { kind: 'forms' }));

  useEffect(() => {
    const show = () => {
      const code = classCodeInPath(location.pathname);
      if (!code) return setView({ kind: 'forms' });
      teachApi.get(code).then(
        (klass) => setView({ kind: 'class', klass }),
        () => setView({ kind: 'forms', knownCode: code }),
      );
    };
    show();
    window.addEventListener('popstate', show);
    return () => window.removeEventListener('popstate', show);
  }, []);

  useEffect(() => {
    document.title = view.kind === 'class' ? `${view.klass.name} · Gudang` : `${t('teachTitle')} · Gudang`;
  }, [view, t]);

  const opened = (klass: ClassInfo) => {
    history.pushState(null, '', `/teach/${klass.code}`);
    setView({ kind: 'class', klass });
  };

  return (
    <div className="teach">
      <header className="app-header">
        <div className="brand">
          <span className="brand__name">Gudang</span>
          <span className="brand__tagline">{t('teachTitle')}</span>
        </div>
        <span className="tabs__spacer" />
        {view.kind === 'class' && (
          <a className="small-button" href="/teach">
            {t('otherClass')}
          </a>
        )}
        <LanguageButton />
      </header>
      <main className="teach__main">
        {view.kind === 'checking' && <p className="empty">{t('loading')}</p>}
        {view.kind === 'forms' && (
          <>
            <h1 className="visually-hidden">{t('teachTitle')}</h1>
            <TeachForms knownCode={view.knownCode} onOpened={opened} />
          </>
        )}
        {view.kind === 'class' && <ClassView key={view.klass.code} klass={view.klass} />}
      </main>
    </div>
  );
}
