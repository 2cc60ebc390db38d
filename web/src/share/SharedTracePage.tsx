import { useEffect, useMemo, useState } from 'react';
import type { SharedTrace } from '../../../server/contract/share.js';
import { DatabasePanel } from '../database/DatabasePanel.js';
import { FlowPane } from '../flow/FlowPane.js';
import { useStepping } from '../flow/use-stepping.js';
import { useI18n } from '../i18n/i18n-context.js';
import { LanguageButton } from '../i18n/LanguageButton.js';
import { Inspector } from '../inspector/Inspector.js';
import { Narration } from '../inspector/Narration.js';
import { StepFind } from '../traces/search/StepFind.js';
import { useStepFind } from '../traces/search/use-step-find.js';
import { Tabs } from '../ui/Tabs.js';
import { OtlpLink } from './OtlpLink.js';
import { otlpUrl } from './share-api.js';
import { useSharedTrace } from './use-shared-trace.js';

type Tab = 'inspector' | 'database';

/** /share/<id>: one shared trace, read-only; the stepper, the inspector and the tables at each step. */
export default function SharedTracePage({ shareId }: { shareId: string }) {
  const { t } = useI18n();
  const opened = useSharedTrace(shareId);
  useEffect(() => {
    document.title = `${t('sharedTrace')} · Gudang`;
  }, [t]);
  return (
    <div className="shared-page">
      <header className="app-header">
        <div className="brand">
          <a className="brand__name" href="/">
            Gudang
          </a>
          <span className="brand__tagline">{t('appTagline')}</span>
        </div>
        <span className="tabs__spacer" />
        <LanguageButton />
      </header>
      {opened.state === 'loading' && <p className="empty">{t('loading')}</p>}
      {opened.state === 'gone' && (
        <main className="shared-page__gone" data-testid="share-gone">
          <h1>{opened.status === 410 ? t('shareExpired') : t('shareUnknown')}</h1>
          <p>{opened.status === 410 ? t('shareExpiredWhy') : opened.status === 404 ? t('shareUnknownWhy') : opened.message}</p>
          <p>
            <a href="/">{t('shareOpenGudang')}</a>
          </p>
        </main>
      )}
      {opened.state === 'open' && <SharedView shared={opened.shared} />}
    </div>
  );
}

function SharedView({ shared }: { shared: SharedTrace }) {
  const { t, language } = useI18n();
  const { trace, lesson } = shared;
  const [tab, setTab] = useState<Tab>('inspector');
  const steps = useMemo(() => trace.steps, [trace]);
  const stepping = useStepping(steps);
  const find = useStepFind(steps, stepping.at, stepping.goTo);
  return (
    <main className="shared-page__main" data-testid="shared-trace">
      <div className="shared-page__intro">
        <h1 className="shared-page__title">
          {t('sharedTrace')}:{' '}
          <span className="trace-title">
            {trace.method} {trace.url} → {trace.status}
          </span>
        </h1>
        <p className="muted">
          {t('lesson')}: {lesson.title[language]} · {new Date(trace.startedAt).toLocaleString(language === 'id' ? 'id-ID' : 'en-GB')}
        </p>
        <p className="callout" role="note">
          {t('sharedReadOnly')}
        </p>
      </div>
      <section className="shared-page__flow" aria-label={t('flow')}>
        <FlowPane
          trace={trace}
          lesson={lesson}
          stepping={stepping}
          found={find.found}
          actions={<OtlpLink href={otlpUrl.shared(shared.shareId)} traceId={trace.id} />}
          tools={<StepFind find={find} at={stepping.at} />}
          toolsInUse={find.searching}
        />
      </section>
      <section className="shared-page__details" aria-label={t('inspector')}>
        <Narration steps={stepping.steps} at={stepping.at} />
        <Tabs<Tab>
          label={t('inspector')}
          value={tab}
          onChange={setTab}
          tabs={[
            ['inspector', t('inspector')],
            ['database', t('database')],
          ]}
        />
        <div className="column__scroll" role="tabpanel" aria-label={t(tab)} tabIndex={0}>
          {tab === 'inspector' ? (
            <Inspector step={stepping.step} sameQueryCount={stepping.repeated} />
          ) : (
            <DatabasePanel snapshot={shared.tables} steps={steps} at={stepping.at} follow={shared.follow === 'steps' ? 'steps' : 'now'} notFollowing={t('sharedTablesThen')} />
          )}
        </div>
      </section>
    </main>
  );
}
