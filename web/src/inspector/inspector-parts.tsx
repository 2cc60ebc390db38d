import type { ReactNode } from 'react';
import type { Headers } from '../../../server/contract/trace.js';
import { explainHeader } from '../i18n/http-words.js';
import { headerLines } from '../ui/pretty.js';
import { Term } from '../ui/Term.js';

/** A titled part of a step's view. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="inspector__section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

export const Code = ({ children, label }: { children: string; label?: string }) => (
  <pre className="code-block" tabIndex={0} role="group" aria-label={label}>
    {children}
  </pre>
);

export function HeaderList({ headers }: { headers: Headers }) {
  const lines = headerLines(headers);
  return (
    <dl className="header-list">
      {lines.map(([name, value]) => (
        <div key={name}>
          <dt>
            <Term explanation={explainHeader(name)}>{name}</Term>
          </dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
