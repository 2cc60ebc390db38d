import { useEffect, useMemo, useRef, useState } from 'react';
import type { StudentWork as Work } from '../../../server/contract/classes.js';
import type { Lesson } from '../../../server/contract/lesson.js';
import type { Trace, TraceSummary } from '../../../server/contract/trace.js';
import { api } from '../api/client.js';
import { FlowPane } from '../flow/FlowPane.js';
import { useStepping } from '../flow/use-stepping.js';
import { useI18n } from '../i18n/i18n-context.js';
import { Inspector } from '../inspector/Inspector.js';
import { TraceList } from '../traces/TraceList.js';
import { teachApi } from './teach-api.js';

const summaryOf = ({ steps, ...rest }: Trace): TraceSummary => {
  const error = steps.find((s) => s.kind === 'error');
  return { ...rest, stepCount: steps.length, queryCount: steps.filter((s) => s.kind === 'query').length, error: error?.kind === 'error' ? error.data.message : undefined };
};

interface Props {
  classCode: string;
  studentId: string;
  studentName: string;
  lessonId: string;
  lessonNumber: number;
  /** The student's last activity on the lesson: when it changes, their newest work is read again. */
  version: number | null;
  onClose: () => void;
}

/** A student's latest code and newest traces on a lesson, read-only, with the flow and the stepper. */
export function StudentWork({ classCode, studentId, studentName, lessonId, lessonNumber, version, onClose }: Props) {
  const { t, language } = useI18n();
  const [work, setWork] = useState<Work>();
  const [lesson, setLesson] = useState<Lesson>();
  const [error, setError] = useState<string>();
  const [traceId, setTraceId] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  // Another student or lesson: start afresh, with the focus on the heading.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the identity of the work is what resets
  useEffect(() => {
    setWork(undefined);
    setTraceId(undefined);
    setError(undefined);
    heading.current?.focus();
  }, [classCode, studentId, lessonId]);

  // Read (again, as the student works); the trace being stepped stays open while it is still kept.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is when to read again
  useEffect(() => {
    let current = true;
    Promise.all([teachApi.studentWork(classCode, studentId, lessonId), api.lesson(lessonId)]).then(
      ([w, l]) => {
        if (!current) return;
        setWork(w);
        setLesson(l);
        setTraceId((open) => (w.traces.some((tr) => tr.id === open) ? open : w.traces[0]?.id));
      },
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [classCode, studentId, lessonId, version]);

  const trace = work?.traces.find((tr) => tr.id === traceId);
  const steps = useMemo(() => trace?.steps ?? [], [trace]);
  const stepping = useStepping(steps);
  const summaries = useMemo(() => work?.traces.map(summaryOf) ?? [], [work]);
  const lines = work?.code?.split('\n') ?? [];

  return (
    // Escape closes it from anywhere inside, as a dialog would; the page stays usable around it.
    <section className="student-work" aria-labelledby="student-work-title" data-testid="student-work" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header className="student-work__head">
        <h2 id="student-work-title" ref={heading} tabIndex={-1} className="teach-section-title">
          {t('studentWork')} {studentName}: {lessonNumber}. {lesson?.title[language] ?? lessonId} <span className="muted">({t('readOnly')})</span>
        </h2>
        <button type="button" className="small-button" onClick={onClose}>
          {t('close')}
        </button>
      </header>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {!work && !error && <p className="empty">{t('loading')}</p>}
      {work && (
        <div className="student-work__body">
          <div className="student-work__code">
            <h3 className="pane-title">{t('code')}</h3>
            {work.code === null ? (
              <p className="empty">{t('noCodeYet')}</p>
            ) : (
              <section className="read-only-code" tabIndex={0} aria-label={`${t('code')} (${t('readOnly')})`} data-testid="student-code">
                <pre>
                  {lines.map((line, i) => (
                    <span key={i} className={stepping.step?.line === i + 1 ? 'read-only-code__line is-step' : 'read-only-code__line'}>
                      <span className="read-only-code__number" aria-hidden="true">
                        {i + 1}
                      </span>
                      {line}
                      {'\n'}
                    </span>
                  ))}
                </pre>
              </section>
            )}
            <h3 className="pane-title">{t('traces')}</h3>
            <TraceList traces={summaries} currentId={traceId} onOpen={setTraceId} />
          </div>
          <div className="student-work__flow">
            <FlowPane trace={trace} lesson={lesson} stepping={stepping} />
            <div className="student-work__inspector">
              <Inspector step={stepping.step} sameQueryCount={stepping.repeated} onShowLine={() => undefined} />
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
