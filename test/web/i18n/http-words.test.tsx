import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { explainHeader, explainStatus, headerWords, statusWords } from '../../../web/src/i18n/http-words.js';
import { I18nContext, translator } from '../../../web/src/i18n/i18n-context.js';
import { Term } from '../../../web/src/ui/Term.js';

afterEach(cleanup);

describe('the table of HTTP words', () => {
  const beginnerStatuses = [200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500, 502, 503, 504];
  const commonHeaders = [
    'content-type',
    'content-length',
    'authorization',
    'cookie',
    'set-cookie',
    'cache-control',
    'etag',
    'if-none-match',
    'location',
    'accept',
    'user-agent',
    'host',
    'allow',
    'retry-after',
    'x-powered-by',
    'content-security-policy',
    'vary',
    'content-encoding',
  ];

  it('has the status codes and headers a beginner meets', () => {
    for (const status of beginnerStatuses) expect(explainStatus(status), String(status)).toBeDefined();
    for (const header of commonHeaders) expect(explainHeader(header), header).toBeDefined();
  });

  it('explains every entry in both languages, differently', () => {
    for (const [word, explanation] of [...Object.entries(statusWords), ...Object.entries(headerWords)]) {
      expect(explanation.en.trim(), word).not.toBe('');
      expect(explanation.id.trim(), word).not.toBe('');
      expect(explanation.id, word).not.toBe(explanation.en);
    }
  });

  it('finds headers whatever their case, and nothing for unknown words', () => {
    expect(explainHeader('Content-Type')).toBe(headerWords['content-type']);
    expect(explainHeader('x-from')).toBeUndefined();
    expect(explainHeader('constructor')).toBeUndefined();
    expect(explainStatus(418)).toBeUndefined();
  });
});

describe('Term', () => {
  const inIndonesian = (children: React.ReactNode) => <I18nContext.Provider value={{ language: 'id', t: translator('id'), setLanguage: () => {} }}>{children}</I18nContext.Provider>;

  it('shows the explanation on focus, describes the word by it, and hides it on Escape', () => {
    render(<Term explanation={statusWords[404]}>404 Not Found</Term>);
    const word = screen.getByText('404 Not Found');
    expect(screen.queryByRole('tooltip')).toBeNull();
    fireEvent.focus(word);
    const tip = screen.getByRole('tooltip');
    expect(tip.textContent).toBe(statusWords[404]!.en);
    expect(word.getAttribute('aria-describedby')).toBe(tip.id);
    expect(word.tabIndex).toBe(0);
    fireEvent.keyDown(word, { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
    // Focus stays on the word: the tooltip never takes it.
    fireEvent.focus(word);
    expect(screen.getByRole('tooltip')).toBeTruthy();
    fireEvent.blur(word);
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('shows on hover, in the page language', () => {
    render(inIndonesian(<Term explanation={headerWords.etag}>etag</Term>));
    fireEvent.mouseEnter(screen.getByText('etag'));
    expect(screen.getByRole('tooltip').textContent).toBe(headerWords.etag!.id);
    fireEvent.mouseLeave(screen.getByText('etag'));
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('renders an unknown word as plain text', () => {
    const { container } = render(<Term explanation={explainHeader('x-from')}>x-from</Term>);
    expect(container.innerHTML).toBe('x-from');
  });
});
