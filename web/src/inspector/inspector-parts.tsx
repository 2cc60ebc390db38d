import type { ReactNode } from 'react';
import type { Headers } from '../../../server/contract/trace.js';
import { HeaderLines } from '../ui/HeaderLines.js';
import { headerLines } from '../ui/pretty.js';

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
  return <HeaderLines lines={headerLines(headers)} />;
}
