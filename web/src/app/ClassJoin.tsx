import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { StudentInfo } from '../../../server/contract/classes.js';
import { ApiError } from '../api/api-error.js';
import { api } from '../api/client.js';
import { useI18n, type Translate } from '../i18n/i18n-context.js';
import { useSession } from '../session/use-session.js';

/** The server's refusal in the page's language (the server words it in English for curl). */
function refusal(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return String(error);
  if (error.status === 404) return t('joinUnknownCode');
  if (error.status === 409) return t('joinNameTaken');
  if (error.status === 400) return t('joinBadInput');
  if (error.status === 429) return t('tooManyAttempts');
  return error.message;
}

/**
 * A class for the learner: the class and name they joined with, or a button that opens the join
 * form (class code and a name; no e-mail, no password). Without a class Gudang works as before.
 */
export function ClassJoin() {
  const { t } = useI18n();
  const [, client] = useSession();
  const [student, setStudent] = useState<StudentInfo | null>();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();
  const [joining, setJoining] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const formId = useId();

  useEffect(() => {
    api.me().then(
      (me) => setStudent(me.student),
      () => setStudent(null),
    );
  }, []);

  // The form opened on the learner's request: its first field takes the focus.
  useEffect(() => {
    if (open) firstField.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    setProblem(undefined);
    opener.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setJoining(true);
    setProblem(undefined);
    try {
      const joined = await api.joinClass(code, name);
      setStudent(joined);
      setOpen(false);
      await client.joinedClass();
    } catch (error) {
      setProblem(refusal(error, t));
    } finally {
      setJoining(false);
    }
  };

  if (student) {
    return (
      <p className="class-badge" data-testid="joined-class">
        <span className="visually-hidden">{t('inClass')}: </span>
        {student.class.name} ({student.class.code}) · <strong>{student.displayName}</strong>
      </p>
    );
  }
  if (student === undefined) return null;
  return (
    <div className="class-join">
      <button type="button" ref={opener} className="small-button" aria-expanded={open} aria-controls={formId} onClick={() => (open ? close() : setOpen(true))}>
        {t('joinClass')}
      </button>
      {open && (
        <form id={formId} className="join-form" aria-label={t('joinClass')} onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && close()}>
          <label>
            {t('classCode')}
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
              maxLength={6}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              ref={firstField}
              className="join-form__code"
            />
          </label>
          <label>
            {t('yourName')}
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={40} autoComplete="nickname" />
          </label>
          <button type="submit" className="primary-button" disabled={joining}>
            {joining ? t('joining') : t('join')}
          </button>
          <button type="button" className="small-button" onClick={close}>
            {t('cancel')}
          </button>
          {problem && (
            <p role="alert" className="join-form__problem">
              {problem}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
