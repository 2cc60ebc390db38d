import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { LanguageProvider } from './i18n/LanguageProvider.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

/** Gives the browser its main thread back (input, paint) before the next step. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve));

/**
 * The learner's page in three evaluations, each a task of its own, so a slow phone answers input
 * in between: React (this module), then zod with the shared schemas (constructing them is the
 * largest part of start-up), then the app. The server names all of them for the browser to fetch
 * at once (modulepreload in server/http/first-screen.ts): splitting them costs no round trip.
 */
async function startLearner() {
  await import('./boot/schemas.js');
  await nextTask();
  const { startLearnerPage } = await import('./learner-page.js');
  startLearnerPage(root);
}

if (/^\/teach(\/|$)/.test(location.pathname)) {
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
  void startLearner();
}
