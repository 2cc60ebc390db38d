import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSession } from './use-session.js';
import type { Language } from '../../../server/contract/lesson.js';
import type { Trace } from '../../../server/contract/trace.js';
import { api } from '../api/client.js';
import { ChecksPanel } from '../checks/ChecksPanel.js';
import { SolutionControls } from '../checks/SolutionControls.js';
import { useChecks } from '../checks/use-checks.js';
import { DatabasePanel } from '../database/DatabasePanel.js';
import { useDatabase } from '../database/use-database.js';
import { wroteToDatabase } from '../database/wrote-to-database.js';
import { EditorPane } from '../editor/EditorPane.js';
import { FlowDiagram } from '../flow/LazyFlowDiagram.js';
import { Stepper } from '../flow/Stepper.js';
import { moveStep, sameQueryCount, type StepMove } from '../flow/stepper-logic.js';
import { usePlayback } from '../flow/use-playback.js';
import { I18nContext, translator } from '../i18n/i18n-context.js';
import { Inspector } from '../inspector/Inspector.js';
import { LessonPane } from '../lesson/LessonPane.js';
import { RequestPanel } from '../request/RequestPanel.js';
import { draftFromSuggestion, emptyDraft, type RequestDraft } from '../request/request-draft.js';
import { ResponseViewer } from '../request/ResponseViewer.js';
import { useSendRequest } from '../request/use-send-request.js';
import { TraceList } from '../traces/TraceList.js';
import { useTraces } from '../traces/use-traces.js';
import { Splitter } from './Splitter.js';
import { storedLanguage } from './stored-state.js';
import { usePaneSizes } from './use-pane-sizes.js';
import { useReducedMotion } from './use-reduced-motion.js';
import { useStepKeys } from './use-step-keys.js';

/**
 * The learner's app, on the origin this page came from: the server's sandboxUrl is for curl, and
 * the server does not trust the Host header the browser sent to build it.
 */
const sandboxBase = (sessionId: string) => `${window.location.origin}/sandbox/${sessionId}`;


type LeftTab = 'lesson' | 'checks';
type BottomTab = 'inspector' | 'traces' | 'database';

export function App() {
  const [language, setLanguage] = useState<Language>(() => storedLanguage.get() ?? (navigator.language.startsWith('id') ? 'id' : 'en'));
  const t = useMemo(() => translator(language), [language]);
  const i18n = useMemo(() => ({ language, t }), [language, t]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const { state, openLesson, setCode, save, saveIfChanged, reset, replaceCode, withSession, renew, dismissNotice } = useSession(t('sessionRenewed'));
  const { lesson, session } = state;
  const [sizes, setSize] = usePaneSizes();
  const reducedMotion = useReducedMotion();
  const [leftTab, setLeftTab] = useState<LeftTab>('lesson');
  const [bottomTab, setBottomTab] = useState<BottomTab>('inspector');

  // Request panel
  const [draft, setDraft] = useState<RequestDraft>(emptyDraft);
  useEffect(() => {
    const first = lesson?.suggestedRequests[0];
    setDraft(first ? draftFromSuggestion(first) : emptyDraft());
  }, [lesson?.id]); // eslint-disable-line react-hooks/exhaustive-deps -- a new lesson starts a new draft, an edited one keeps it
  const recover = useCallback(async () => {
    const id = session?.sessionId;
    if (!id) return undefined;
    try {
      await api.getSession(id);
      return sandboxBase(session.sessionId);
    } catch {
      return sandboxBase((await renew()).sessionId);
    }
  }, [session, renew]);
  const base = session ? sandboxBase(session.sessionId) : undefined;
  const requests = useSendRequest(base, recover);
  const clearResponse = requests.clear;
  useEffect(() => clearResponse(), [lesson?.id, clearResponse]);

  // Database, refreshed when a request changed data
  const database = useDatabase(session?.sessionId, withSession);
  const onArrived = useCallback((trace: Trace) => wroteToDatabase(trace) && database.refresh(), [database.refresh]); // eslint-disable-line react-hooks/exhaustive-deps
  const onGone = useCallback(() => void renew().catch(() => undefined), [renew]);
  const traces = useTraces(session?.sessionId, state.sessionIsNew, onGone, onArrived);
  const steps = useMemo(() => traces.current?.steps ?? [], [traces.current]);

  // Stepping: a newly opened trace starts at its last step, so the whole path is lit.
  const [at, setAt] = useState(0);
  useEffect(() => setAt(Math.max(0, steps.length - 1)), [steps]);
  const goTo = useCallback((index: number) => {
    performance.mark('gudang:step-start');
    setAt(index);
  }, []);
  const playback = usePlayback(at, steps.length, goTo);
  const move = useCallback(
    (direction: StepMove) => {
      playback.stop();
      setAt((current) => {
        performance.mark('gudang:step-start');
        return moveStep(current, steps.length, direction);
      });
    },
    [steps.length, playback.stop], // eslint-disable-line react-hooks/exhaustive-deps
  );
  useStepKeys(move);
  useEffect(() => {
    // Parent effects run after the children's (the editor's line highlight included): this is when the view is updated.
    if (performance.getEntriesByName('gudang:step-start', 'mark').length > 0) {
      performance.measure('gudang:step', 'gudang:step-start');
      performance.clearMarks('gudang:step-start');
    }
  }, [at]);
  const step = steps[at];
  const repeated = useMemo(() => (step ? sameQueryCount(steps, step) : 0), [steps, step]);
  const serviceLabels = useMemo(() => Object.fromEntries((lesson?.services ?? []).flatMap((s) => (s.label ? [[s.name, s.label]] : []))), [lesson]);

  // Send runs what is on screen, as Check does: unsaved edits are saved first; code that does not
  // compile is not sent (the editor shows why) rather than answered by the last saved code.
  const sendSaved = async (d: RequestDraft) => {
    if ((await saveIfChanged()).saved) await requests.send(d);
  };
  const checks = useChecks(withSession, saveIfChanged);
  const runChecks = () => {
    if (checks.state.status === 'running') return;
    setLeftTab('checks');
    void checks.run(state.code);
  };
  const openTrace = (traceId: string) => {
    setBottomTab('inspector');
    void traces.open(traceId);
  };

  const [solutionUnavailable, setSolutionUnavailable] = useState(false);

  const confirmReset = () => {
    if (window.confirm(t('resetConfirm'))) void reset().then(database.refresh);
  };

  const chooseLanguage = (next: Language) => {
    storedLanguage.set(next);
    setLanguage(next);
  };

  return (
    <I18nContext.Provider value={i18n}>
      <div className="app" style={{ ['--left' as string]: `${sizes.left}%`, ['--right' as string]: `${sizes.right}%` }}>
        <header className="app-header">
          <div className="brand">
            <span className="brand__name">Gudang</span>
            <span className="brand__tagline">{t('appTagline')}</span>
          </div>
          <label className="lesson-picker">
            <span className="visually-hidden">{t('chooseLesson')}</span>
            <select value={lesson?.id ?? ''} onChange={(e) => void openLesson(e.target.value)} data-testid="lesson-picker">
              {state.lessons.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.order}. {l.title[language]}
                </option>
              ))}
            </select>
          </label>
          <span className="tabs__spacer" />
          <button type="button" className="primary-button" onClick={runChecks} disabled={!session} aria-disabled={checks.state.status === 'running'} data-testid="check-button">
            ✓ {t('check')}
          </button>
          <SolutionControls key={lesson?.id} code={state.code} disabled={!session} loadSolution={() => withSession((id) => api.solution(id))} replaceCode={replaceCode} onUnavailable={() => setSolutionUnavailable(true)} />
          <button type="button" className="small-button" onClick={() => chooseLanguage(language === 'en' ? 'id' : 'en')} lang={language === 'en' ? 'id' : 'en'} aria-label={`${t('language')}: ${t('switchLanguage')}`}>
            {t('switchLanguage')}
          </button>
        </header>

        {(state.notice || state.error || solutionUnavailable) && (
          <div className="notice" role="alert">
            <span>{state.error ?? state.notice ?? `${t('solution')}: ${t('notAvailable')}`}</span>
            <button
              type="button"
              className="small-button"
              onClick={() => {
                dismissNotice();
                setSolutionUnavailable(false);
              }}
            >
              {t('dismiss')}
            </button>
          </div>
        )}

        <main className="workspace">
          <section className="column column--left" aria-label={t('lesson')}>
            <Tabs<LeftTab> label={t('lesson')} value={leftTab} onChange={setLeftTab} tabs={[['lesson', t('lesson')], ['checks', t('checks')]]} />
            <div className="column__scroll" role="tabpanel" aria-label={leftTab === 'lesson' ? t('lesson') : t('checks')} tabIndex={0}>
              {leftTab === 'lesson' ? <LessonPane lesson={lesson} language={language} problems={state.lessonProblems} starterChanged={state.starterChanged} onTakeStarter={confirmReset} /> : <ChecksPanel state={checks.state} language={language} code={state.code} onOpenTrace={openTrace} />}
            </div>
          </section>
          <Splitter orientation="vertical" value={sizes.left} min={15} max={40} onChange={(v) => setSize('left', v)} label={`${t('resize')}: ${t('lesson')}`} />
          <section className="column column--middle" style={{ ['--top' as string]: `${sizes.editor}%` }} aria-label={`${t('code')} / ${t('request')}`}>
            <div className="stack__top">
              <EditorPane code={state.code} documentId={session && lesson?.id} onChange={setCode} onSave={(code) => void save(code)} saveState={state.saveState} compileProblem={state.compileProblem} stepLine={step?.line} onReset={confirmReset} />
            </div>
            <Splitter orientation="horizontal" value={sizes.editor} min={20} max={80} onChange={(v) => setSize('editor', v)} label={`${t('resize')}: ${t('code')}`} />
            <div className="stack__bottom request-area">
              <RequestPanel draft={draft} onDraft={setDraft} base={base ?? ''} suggestions={lesson?.suggestedRequests ?? []} history={requests.history} language={language} sending={requests.sending} onSend={(d) => void sendSaved(d)} />
              <ResponseViewer response={requests.response} error={requests.error} />
            </div>
          </section>
          <Splitter orientation="vertical" value={100 - sizes.right} min={55} max={85} onChange={(v) => setSize('right', 100 - v)} label={`${t('resize')}: ${t('flow')}`} />
          <section className="column column--right" style={{ ['--top' as string]: `${sizes.flow}%` }} aria-label={`${t('flow')} / ${t('inspector')}`}>
            <div className="stack__top flow-area">
              <div className="pane-toolbar">
                <h2 className="pane-title">{t('flow')}</h2>
                {traces.current && (
                  <span className="muted trace-title" data-testid="current-trace">
                    {traces.current.method} {traces.current.url} → {traces.current.status}
                    {traces.current.origin === 'check' ? ` (${t('fromCheck')})` : ''}
                  </span>
                )}
              </div>
              <FlowDiagram steps={steps} at={at} services={lesson?.services.map((s) => s.name) ?? []} serviceLabels={serviceLabels} reducedMotion={reducedMotion} />
              <Stepper steps={steps} at={at} onGoTo={goTo} onMove={move} playing={playback.playing} speed={playback.speed} onTogglePlay={playback.toggle} onSpeed={playback.setSpeed} />
            </div>
            <Splitter orientation="horizontal" value={sizes.flow} min={30} max={80} onChange={(v) => setSize('flow', v)} label={`${t('resize')}: ${t('flow')}`} />
            <div className="stack__bottom">
              <Tabs<BottomTab>
                label={t('inspector')}
                value={bottomTab}
                onChange={setBottomTab}
                tabs={[
                  ['inspector', t('inspector')],
                  ['traces', `${t('traces')} (${traces.summaries.length})`],
                  ['database', t('database')],
                ]}
              />
              <div className="column__scroll" role="tabpanel" aria-label={t(bottomTab)} tabIndex={0}>
                {bottomTab === 'inspector' && <Inspector step={step} sameQueryCount={repeated} onShowLine={() => undefined} />}
                {bottomTab === 'traces' && <TraceList traces={traces.summaries} currentId={traces.current?.id} onOpen={openTrace} />}
                {bottomTab === 'database' && <DatabasePanel snapshot={database.snapshot} error={database.error} onRefresh={database.refresh} onResetData={() => void database.resetData()} dataReset={database.dataReset} />}
              </div>
            </div>
          </section>
        </main>
      </div>
    </I18nContext.Provider>
  );
}

function Tabs<T extends string>({ label, value, onChange, tabs }: { label: string; value: T; onChange: (value: T) => void; tabs: [T, string][] }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map(([id, text]) => (
        <button key={id} type="button" role="tab" className="tab" aria-selected={value === id} onClick={() => onChange(id)} data-tab={id}>
          {text}
        </button>
      ))}
    </div>
  );
}
