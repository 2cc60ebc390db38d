import { useState, type FormEvent, type ReactNode } from 'react';
import type { ClassInfo } from '../../../server/contract/classes.js';
import { ApiError } from '../api/api-error.js';
import { useI18n, type Translate } from '../i18n/i18n-context.js';
import { teachApi } from './teach-api.js';

function refusal(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return String(error);
  if (error.status === 401 || error.status === 403 || error.status === 404) return t('wrongPassword');
  if (error.status === 400) return t('badClassForm');
  if (error.status === 429) return t('tooManyAttempts');
  return error.message;
}

/** A form whose submit calls the server once at a time and shows its refusal in the page's language. */
function TeachForm({
  title,
  testId,
  submitLabel,
  send,
  onDone,
  children,
}: {
  title: string;
  testId: string;
  submitLabel: string;
  send: () => Promise<ClassInfo>;
  onDone: (klass: ClassInfo) => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      onDone(await send());
    } catch (error) {
      setProblem(refusal(error, t));
      setBusy(false);
    }
  };
  const titleId = `${testId}-title`;
  return (
    <form className="teach-form" aria-labelledby={titleId} onSubmit={(e) => void submit(e)} data-testid={testId}>
      <h2 id={titleId} className="teach-section-title">
        {title}
      </h2>
      {children}
      <button type="submit" className="primary-button" disabled={busy}>
        {submitLabel}
      </button>
      {problem && (
        <p role="alert" className="teach-form__problem">
          {problem}
        </p>
      )}
    </form>
  );
}

/** Make a class (a name and a password) or open one made before (its code and the password). */
export function TeachForms({ knownCode, onOpened }: { knownCode?: string; onOpened: (klass: ClassInfo) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState(knownCode ?? '');
  const [loginPassword, setLoginPassword] = useState('');
  const login = (
    <TeachForm key="login" title={t('openClass')} testId="login-class" submitLabel={t('open')} send={() => teachApi.login(code.trim().toUpperCase(), loginPassword)} onDone={onOpened}>
      <label>
        {t('classCode')}
        <input value={code} onChange={(e) => setCode(e.target.value)} required maxLength={6} autoComplete="off" spellCheck={false} className="join-form__code" />
      </label>
      <label>
        {t('classPassword')}
        <input type="password" value={loginPassword} onChange={(e) => setLoginPassword(e.target.value)} required autoComplete="current-password" />
      </label>
    </TeachForm>
  );
  const create = (
    <TeachForm key="create" title={t('createClass')} testId="create-class" submitLabel={t('create')} send={() => teachApi.create(name, password)} onDone={onOpened}>
      <label>
        {t('className')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} autoComplete="off" />
      </label>
      <label>
        {t('classPassword')}
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} maxLength={200} autoComplete="new-password" aria-describedby="password-hint" />
        <span id="password-hint" className="muted teach-form__hint">
          {t('passwordHint')}
        </span>
      </label>
    </TeachForm>
  );
  // A link to one class asks for its password first; otherwise making a class comes first.
  return <div className="teach-forms">{knownCode ? [login, create] : [create, login]}</div>;
}
