import { useCallback, useMemo, useState } from 'react';
import type { Trace } from '../../../server/contract/trace.js';
import { ChecksPanel } from '../checks/ChecksPanel.js';
import { traceToCompare } from '../compare/pick-traces.js';
import { TracesToCompare } from '../compare/TracesToCompare.js';
import { SolutionControls } from '../checks/SolutionControls.js';
import { useChecks } from '../checks/use-checks.js';
import { useSolution } from '../checks/use-solution.js';
import { DatabasePanel } from '../database/DatabasePanel.js';
import { useDatabase } from '../database/use-database.js';
import { tablesFollow } from '../database/tables-follow.js';
import { wroteToDatabase } from '../database/wrote-to-database.js';
import { EditorPane } from '../editor/EditorPane.js';
import { useStepping } from '../flow/use-stepping.js';
import { useI18n } from '../i18n/i18n-context.js';
import { LanguageButton } from '../i18n/LanguageButton.js';
import { Inspector } from '../inspector/Inspector.js';
import { Narration } from '../inspector/Narration.js';
import { LessonPane } from '../lesson/LessonPane.js';
import { LessonPicker } from '../lesson/LessonPicker.js';
import { PredictFlowPane } from '../predict/PredictFlowPane.js';
import { RequestArea } from '../request/RequestArea.js';
import { useSession } from '../session/use-session.js';
import { useTraces } from '../traces/use-traces.js';
import { SearchableTraceList } from '../traces/search/SearchableTraceList.js';
import { useTraceSearch } from '../traces/search/use-trace-search.js';
import { useStepFind } from '../traces/search/use-step-find.js';
import { TraceActions } from '../share/TraceActions.js';
import { StepFind } from '../traces/search/StepFind.js';
import { Tabs } from '../ui/Tabs.js';
import { ClassJoin } from './ClassJoin.js';
import { NoticeBar } from './NoticeBar.js';
import { Splitter } from './Splitter.js';
import { usePaneSizes } from './use-pane-sizes.js';
import { revealLineInEditor } from '../editor/reveal-line.js';

type LeftTab = 'lesson' | 'checks';
type BottomTab = 'inspector' | 'traces' | 'database';

/** The page's layout: lesson and checks, code and request, flow and inspector. Its parts own their state. */
export function App() {
  const { t, language } = useI18n();
  const [state, client] = useSession();
  const { lesson, session } = state;
  const [sizes, setSize] = usePaneSizes();
  const [leftTab, setLeftTab] = useState<LeftTab>('lesson');
  const [bottomTab, setBottomTab] = useState<BottomTab>('inspector');

  const database = useDatabase(session?.sessionId, client.call);
  const refreshDatabase = database.refresh;
  const onArrived = useCallback((trace: Trace) => wroteToDatabase(trace) && refreshDatabase(), [refreshDatabase]);
  const traces = useTraces(client, session?.sessionId, onArrived);
  const steps = useMemo(() => traces.current?.steps ?? [], [traces.current]);
  const stepping = useStepping(steps, { keys: false });
  const traceSearch = useTraceSearch(session?.sessionId, traces.summaries, client.call);
  const find = useStepFind(steps, stepping.at, stepping.goTo);
  const checks = useChecks(lesson?.id);
  const solution = useSolution();

  const runChecks = () => {
    if (checks.state.status === 'running') return;
    setLeftTab('checks');
    void checks.run();
  };
  const openTrace = (traceId: string) => {
    setBottomTab('inspector');
    void traces.open(traceId);
  };
  // A trace found by the list's search opens with the same search finding its steps.
  const openFoundTrace = (traceId: string) => {
    if (traceSearch.search) find.setDraft(traceSearch.draft);
    openTrace(traceId);
  };
  const confirmReset = () => {
    if (window.confirm(t('resetConfirm'))) void client.reset().then(refreshDatabase);
  };

  return (
    <div className="app" style={{ ['--left' as string]: `${sizes.left}%`, ['--right' as string]: `${sizes.right}%` }}>
      <header className="app-header">
        <div className="brand">
          <span className="brand__name">Gudang</span>
          <span className="brand__tagline">{t('appTagline')}</span>
        </div>
        <LessonPicker />
        <span className="tabs__spacer" />
        <button type="button" className="primary-button" onClick={runChecks} disabled={!session} aria-disabled={checks.state.status === 'running'} data-testid="check-button">
          ✓ {t('check')}
        </button>
        <SolutionControls key={lesson?.id} {...solution} learnerTraceId={traceToCompare(traces.current, traces.summaries)} />
        <ClassJoin />
        <LanguageButton />
      </header>
      <NoticeBar />

      <main className="workspace">
        <section className="column column--left" aria-label={t('lesson')}>
          <Tabs<LeftTab>
            label={t('lesson')}
            value={leftTab}
            onChange={setLeftTab}
            tabs={[
              ['lesson', t('lesson')],
              ['checks', t('checks')],
            ]}
          />
          <div className="column__scroll" role="tabpanel" aria-label={leftTab === 'lesson' ? t('lesson') : t('checks')} tabIndex={0}>
            {leftTab === 'lesson' ? (
              <LessonPane lesson={lesson} language={language} problems={state.lessonProblems} starterChanged={state.starterChanged} onTakeStarter={confirmReset} />
            ) : (
              <ChecksPanel state={checks.state} language={language} code={state.code} onOpenTrace={openTrace} />
            )}
          </div>
        </section>
        <Splitter orientation="vertical" value={sizes.left} min={15} max={40} onChange={(v) => setSize('left', v)} label={`${t('resize')}: ${t('lesson')}`} />
        <section className="column column--middle" style={{ ['--top' as string]: `${sizes.editor}%` }} aria-label={`${t('code')} / ${t('request')}`}>
          <div className="stack__top">
            <EditorPane
              code={state.code}
              documentId={session && lesson?.id}
              onChange={client.setCode}
              onSave={(code) => void client.save(code)}
              saveState={state.saveState}
              compileProblem={state.compileProblem}
              stepLine={stepping.step?.line}
              onReset={confirmReset}
            />
          </div>
          <Splitter orientation="horizontal" value={sizes.editor} min={20} max={80} onChange={(v) => setSize('editor', v)} label={`${t('resize')}: ${t('code')}`} />
          <RequestArea key={lesson?.id} lesson={lesson} />
        </section>
        <Splitter orientation="vertical" value={100 - sizes.right} min={55} max={85} onChange={(v) => setSize('right', 100 - v)} label={`${t('resize')}: ${t('flow')}`} />
        <section className="column column--right" style={{ ['--top' as string]: `${sizes.flow}%` }} aria-label={`${t('flow')} / ${t('inspector')}`}>
          <PredictFlowPane
            trace={traces.current}
            lesson={lesson}
            stepping={stepping}
            found={find.found}
            actions={session && traces.current && <TraceActions key={traces.current.id} sessionId={session.sessionId} traceId={traces.current.id} />}
            tools={<StepFind find={find} at={stepping.at} />}
            toolsInUse={find.searching}
          />
          <Splitter orientation="horizontal" value={sizes.flow} min={30} max={80} onChange={(v) => setSize('flow', v)} label={`${t('resize')}: ${t('flow')}`} />
          <div className="stack__bottom">
            <Narration steps={stepping.steps} at={stepping.at} />
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
              {bottomTab === 'inspector' && <Inspector step={stepping.step} sameQueryCount={stepping.repeated} onShowLine={revealLineInEditor} />}
              {bottomTab === 'traces' && (
                <SearchableTraceList
                  summaries={traces.summaries}
                  search={traceSearch}
                  currentId={traces.current?.id}
                  onOpen={openFoundTrace}
                  list={(found) => <TracesToCompare sessionId={session?.sessionId} traces={found} currentId={traces.current?.id} onOpen={openFoundTrace} />}
                />
              )}
              {bottomTab === 'database' && (
                <DatabasePanel
                  snapshot={database.snapshot}
                  error={database.error}
                  onRefresh={refreshDatabase}
                  onResetData={() => void database.resetData()}
                  dataReset={database.dataReset}
                  steps={steps}
                  at={stepping.at}
                  follow={tablesFollow(traces.current, traces.summaries, database.loading)}
                />
              )}
            </div>
          </div>
        </section>
      </main>
    </div>
  );
}
