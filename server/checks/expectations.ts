import type { Step } from '../contract/trace.js';
import type { ResponseExpectation, StepSelector, TraceExpectation } from '../lessons/check-files.js';
import { matchValue, type Mismatch } from './match-value.js';
import { selectableKind } from './step-selectors.js';

/** What a check saw of one request: the response and the steps of its trace. */
export interface Observed {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string | string[]>;
  text: string;
  steps: Step[];
}

/** "query:INSERT INTO orders" in words, for messages. */
function describeSelector(selector: StepSelector): [string, string] {
  const [kind, ...rest] = selector.split(':');
  const [en, id] = selectableKind(kind!)!.words;
  const text = rest.join(':');
  return text ? [`${en} "${text}"`, `${id} "${text}"`] : [`${en}`, `${id}`];
}

/** What a `kind:text` selector searches in a step; nothing for steps checks cannot select. */
export const stepText = (step: Step): string => selectableKind(step.kind)?.text(step) ?? '';

export function matchesSelector(step: Step, selector: StepSelector): boolean {
  const colon = selector.indexOf(':');
  const kind = colon === -1 ? selector : selector.slice(0, colon);
  if (step.kind !== kind) return false;
  if (colon === -1) return true;
  const squash = (text: string) => text.replace(/\s+/g, ' ').toLowerCase();
  return squash(stepText(step)).includes(squash(selector.slice(colon + 1)));
}

const hasParams = (params: unknown) =>
  Array.isArray(params) ? params.length > 0 : typeof params === 'object' && params !== null ? Object.keys(params).length > 0 : params !== undefined && params !== null;

export function matchTrace(expect: TraceExpectation, steps: Step[]): Mismatch | null {
  const at = 'trace';
  for (const [selector, count] of Object.entries(expect.count ?? {})) {
    const n = steps.filter((s) => matchesSelector(s, selector)).length;
    const { min, max } = typeof count === 'number' ? { min: count, max: count } : count;
    if ((min === undefined || n >= min) && (max === undefined || n <= max)) continue;
    const [en, id] = describeSelector(selector);
    const wanted =
      min === max
        ? [`exactly ${min}`, `tepat ${min}`]
        : min !== undefined && max !== undefined
          ? [`${min} to ${max}`, `${min} sampai ${max}`]
          : min !== undefined
            ? [`at least ${min}`, `paling sedikit ${min}`]
            : [`at most ${max}`, `paling banyak ${max}`];
    return { at, en: `expected ${wanted[0]} ${en} step(s), the trace has ${n}`, id: `seharusnya ada ${wanted[1]} langkah ${id}, tetapi trace berisi ${n}` };
  }
  if (expect.order) {
    let last = -1;
    let previous: StepSelector | null = null;
    for (const selector of expect.order) {
      const index = steps.findIndex((s) => matchesSelector(s, selector));
      const [en, id] = describeSelector(selector);
      if (index === -1) return { at, en: `expected a ${en} step, there is none`, id: `seharusnya ada langkah ${id}, tetapi tidak ada` };
      if (index < last) {
        const [pen, pid] = describeSelector(previous!);
        return { at, en: `the ${pen} step should come before the ${en} step`, id: `langkah ${pid} seharusnya terjadi sebelum langkah ${id}` };
      }
      last = index;
      previous = selector;
    }
  }
  for (const selector of expect.parameterised ?? []) {
    const queries = steps.filter((s): s is Extract<Step, { kind: 'query' }> => s.kind === 'query' && matchesSelector(s, selector));
    const [en, id] = describeSelector(selector);
    if (queries.length === 0) return { at, en: `expected a ${en} step, there is none`, id: `seharusnya ada langkah ${id}, tetapi tidak ada` };
    const inline = queries.find((q) => !hasParams(q.data.params) || !/\?|[:$@][A-Za-z_]/.test(q.data.sql.replace(/'(?:[^']|'')*'/g, "''")));
    if (inline) {
      return {
        at,
        en: `values should be passed as parameters (?), but this query has none: ${inline.data.sql}`,
        id: `nilai seharusnya dikirim sebagai parameter (?), tetapi query ini tidak memakainya: ${inline.data.sql}`,
      };
    }
  }
  for (const [selector, count] of Object.entries(expect.rows ?? {})) {
    const { min, max } = typeof count === 'number' ? { min: count, max: count } : count;
    const [en, id] = describeSelector(selector);
    const queries = steps.filter((s): s is Extract<Step, { kind: 'query' }> => s.kind === 'query' && matchesSelector(s, selector));
    if (queries.length === 0) return { at, en: `expected a ${en} step, there is none`, id: `seharusnya ada langkah ${id}, tetapi tidak ada` };
    const off = queries.find((q) => (min !== undefined && q.data.rowCount < min) || (max !== undefined && q.data.rowCount > max));
    if (off) {
      const wanted = min === max ? [`${min}`, `${min}`] : max !== undefined ? [`at most ${max}`, `paling banyak ${max}`] : [`at least ${min}`, `paling sedikit ${min}`];
      return { at, en: `the ${en} returned ${off.data.rowCount} rows; expected ${wanted[0]}`, id: `${id} mengembalikan ${off.data.rowCount} baris; seharusnya ${wanted[1]}` };
    }
  }
  for (const [selector, text] of Object.entries(expect.plan ?? {})) {
    const query = steps.find((s): s is Extract<Step, { kind: 'query' }> => s.kind === 'query' && matchesSelector(s, selector));
    const [en, id] = describeSelector(selector);
    if (!query) return { at, en: `expected a ${en} step, there is none`, id: `seharusnya ada langkah ${id}, tetapi tidak ada` };
    const plan = (query.data.plan ?? []).join('\n');
    if (!plan.toLowerCase().includes(text.toLowerCase())) {
      return { at, en: `the query plan should contain "${text}", it is: ${plan || '(none)'}`, id: `rencana query (query plan) seharusnya memuat "${text}", isinya: ${plan || '(kosong)'}` };
    }
  }
  return null;
}

const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/** The first way the observed request falls short of `expect`, or null when it all matches. */
export function matchResponse(expect: ResponseExpectation, observed: Observed): Mismatch | null {
  const statuses = expect.status === undefined ? [] : [expect.status].flat();
  if (statuses.length > 0 && !statuses.includes(observed.status)) {
    const wanted =
      statuses.length === 1 ? [`${statuses[0]}`, `${statuses[0]}`] : [`${statuses.slice(0, -1).join(', ')} or ${statuses.at(-1)}`, `${statuses.slice(0, -1).join(', ')} atau ${statuses.at(-1)}`];
    return { at: 'status', en: `expected status ${wanted[0]}, got ${observed.status}`, id: `seharusnya status ${wanted[1]}, tetapi ${observed.status}` };
  }
  for (const [name, text] of Object.entries(expect.headers ?? {})) {
    const value = headerText(observed.headers[name.toLowerCase()]);
    const at = `headers.${name.toLowerCase()}`;
    if (typeof text !== 'string') {
      if (value === undefined) continue;
      return { at, en: `expected no such header, got "${value}"`, id: `seharusnya header ini tidak ada, tetapi isinya "${value}"` };
    }
    if (value?.toLowerCase().includes(text.toLowerCase())) continue;
    return {
      at,
      en: `expected a header containing "${text}", got ${value === undefined ? 'no header' : `"${value}"`}`,
      id: `seharusnya ada header yang memuat "${text}", tetapi ${value === undefined ? 'header-nya tidak ada' : `isinya "${value}"`}`,
    };
  }
  if (expect.body !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(observed.text);
    } catch {
      return { at: 'body', en: 'expected a JSON body, got text that is not JSON', id: 'seharusnya body berupa JSON, tetapi isinya bukan JSON' };
    }
    const found = matchValue(expect.body, json, 'body');
    if (found) return found;
  }
  for (const text of expect.text?.includes ?? []) {
    if (!observed.text.includes(text)) return { at: 'body', en: `expected the body to contain "${text}"`, id: `seharusnya body memuat "${text}"` };
  }
  for (const text of expect.text?.excludes ?? []) {
    if (observed.text.includes(text)) return { at: 'body', en: `the body must not contain "${text}", but it does`, id: `body tidak boleh memuat "${text}", tetapi memuatnya` };
  }
  return expect.trace ? matchTrace(expect.trace, observed.steps) : null;
}
