import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { LanguageProvider } from './i18n/LanguageProvider.js';
import { shareIdInPath } from './share/share-api.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const shareId = shareIdInPath(location.pathname);

/** Gives the browser its main thread back (input, paint) before the next step. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve));

/**
 * The learner's page in three evaluations, each a task of its own, so a slow phone answers input
 * in between: React (this module), then zod with the shared schemas (constructing them is the
 * largest part of start-up), then the app. Meanwhile the page shows the lesson the server sent.
 */
async function startLearner() {
  await import('./boot/schemas.js');
  await nextTask();
  const { startLearnerPage } = await import('./learner-page.js');
  startLearnerPage(root);
}

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
  void startLearner();
}
