import { useState } from 'react';
import type { Lesson } from '../../../server/contract/lesson.js';
import { useI18n } from '../i18n/i18n-context.js';
import { PredictDialog } from '../predict/PredictDialog.js';
import { usePredictedSend } from '../predict/use-predicted-send.js';
import { useSession } from '../session/use-session.js';
import { draftFromSuggestion, emptyDraft, type RequestDraft } from './request-draft.js';
import { RequestPanel } from './RequestPanel.js';
import { serviceLabelsOf } from '../flow/node-words.js';
import { ResponseViewer } from './ResponseViewer.js';
import { useSendRequest } from './use-send-request.js';

const firstDraft = (lesson?: Lesson): RequestDraft => {
  const first = lesson?.suggestedRequests[0];
  return first ? draftFromSuggestion(first) : emptyDraft();
};

/**
 * The next request and the last answer, for one lesson: the page mounts it with the lesson as its
 * key, so another lesson starts from its first suggested request and shows no answer of this one.
 */
export function RequestArea({ lesson }: { lesson?: Lesson }) {
  const [{ session }, client] = useSession();
  const { t, language } = useI18n();
  const [draft, setDraft] = useState(() => firstDraft(lesson));
  const requests = useSendRequest(session !== undefined, client.sandboxFetch);
  // Send runs what is on screen, as Check does: unsaved edits are saved first; code that does not
  // compile is not sent (the editor shows why) rather than answered by the last saved code.
  const sendNow = async (next: RequestDraft) => {
    if ((await client.saveIfChanged()).saved) await requests.send(next);
  };
  const predicted = usePredictedSend(lesson, sendNow);
  const serviceLabels = serviceLabelsOf(lesson);
  return (
    <div className="stack__bottom request-area">
      <RequestPanel
        draft={draft}
        onDraft={setDraft}
        base={session ? client.sandboxUrl(session.sessionId) : ''}
        suggestions={lesson?.suggestedRequests ?? []}
        history={requests.history}
        language={language}
        sending={requests.sending}
        onSend={predicted.send}
      />
      <label className="predict-toggle">
        <input type="checkbox" checked={predicted.on} onChange={(e) => predicted.setOn(e.target.checked)} data-testid="predict-toggle" /> {t('predictMode')}
      </label>
      <ResponseViewer response={requests.response} error={requests.error} />
      {predicted.asking && (
        <PredictDialog
          request={`${predicted.asking.draft.method} ${predicted.asking.draft.path}`}
          prompt={predicted.asking.prompt}
          offered={predicted.offered}
          serviceLabels={serviceLabels}
          onWatch={predicted.watch}
          onSkip={predicted.skip}
        />
      )}
    </div>
  );
}
