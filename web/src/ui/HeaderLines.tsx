import { explainHeader } from '../i18n/http-words.js';
import { Term } from './Term.js';

/** Header names and values as a list, each known name with its explanation (inspector and response). */
export function HeaderLines({ lines }: { lines: readonly (readonly [string, string])[] }) {
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
