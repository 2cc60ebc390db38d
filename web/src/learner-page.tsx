import { StrictMode, startTransition } from 'react';
import type { Root } from 'react-dom/client';
import { App } from './app/App.js';
import { LanguageProvider } from './i18n/LanguageProvider.js';
import { SessionClient } from './session/session-client.js';
import { SessionClientContext } from './session/use-session.js';

/** The learner's page: their session, and the app around it. */
export function startLearnerPage(root: Root): void {
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
