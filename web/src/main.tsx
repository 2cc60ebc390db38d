import { lazy, StrictMode, startTransition, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { LanguageProvider } from './i18n/LanguageProvider.js';
import { SessionClient } from './session/session-client.js';
import { SessionClientContext } from './session/use-session.js';
import { shareIdInPath } from './share/share-api.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const shareId = shareIdInPath(location.pathname);

if (shareId) {
  // A shared trace is read-only and its own chunk: it starts no session and loads no editor.
  const SharedTracePage = lazy(() => import('./share/SharedTracePage.js'));
  root.render(
    <StrictMode>
      <LanguageProvider>
        <Suspense fallback={null}>
          <SharedTracePage shareId={shareId} />
        </Suspense>
      </LanguageProvider>
    </StrictMode>,
  );
} else if (/^\/teach(\/|$)/.test(location.pathname)) {
  // The teacher's page is its own chunk: a learner's first screen never loads it, and it starts no session.
  const TeachPage = lazy(() => import('./teach/TeachPage.js'));
  root.render(
    <StrictMode>
      <LanguageProvider>
        <Suspense fallback={null}>
          <TeachPage />
        </Suspense>
      </LanguageProvider>
    </StrictMode>,
  );
} else {
  // The session lives outside React, so neither StrictMode's double effects nor a re-render can start a second one.
  const session = new SessionClient();
  void session.start();
  // A transition renders in slices that give the browser back its main thread every few
  // milliseconds: the page the server sent (the lesson's text) stays readable and scrollable meanwhile.
  startTransition(() => {
    root.render(
      <StrictMode>
        <SessionClientContext.Provider value={session}>
          <LanguageProvider>
            <App />
          </LanguageProvider>
        </SessionClientContext.Provider>
      </StrictMode>,
    );
  });
}
