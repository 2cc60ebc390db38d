import { z } from 'zod';
import { SELECTOR_KINDS } from '../checks/step-selectors.js';
import { bilingualSchema, httpMethodSchema } from '../contract/lesson.js';

/**
 * Picks steps of a trace: a kind, optionally followed by `:text` that the step must contain
 * (case-insensitive): the SQL of a query, the name of a middleware, the service of an external
 * call, the route pattern of a process step, the message of a log or error step.
 */
export const stepSelectorSchema = z
  .string()
  .regex(
    new RegExp(`^(${SELECTOR_KINDS.join('|')})(:.+)?$`),
    `a step selector is ${SELECTOR_KINDS.slice(0, -1).join(', ')} or ${SELECTOR_KINDS.at(-1)}, optionally followed by :text, e.g. "query:INSERT INTO orders"`,
  )
  .describe('Which steps of the trace, e.g. "query", "query:INSERT INTO orders", "middleware:requireUser"');
export type StepSelector = z.infer<typeof stepSelectorSchema>;

const countSchema = z
  .union([z.number().int().nonnegative(), z.strictObject({ min: z.number().int().nonnegative().optional(), max: z.number().int().nonnegative().optional() })])
  .describe('An exact count, or { min, max }');

export const traceExpectationSchema = z
  .strictObject({
    count: z.record(stepSelectorSchema, countSchema).optional().describe('How many steps match each selector: { "query": { max: 2 }, "query:INSERT INTO orders": 1 }'),
    order: z.array(stepSelectorSchema).min(2).optional().describe('The first step matching each selector exists, and they come in this order'),
    parameterised: z.array(stepSelectorSchema).optional().describe('Every query matching these selectors passed its values as parameters, not inside the SQL text'),
    rows: z.record(stepSelectorSchema, countSchema).optional().describe('How many rows each matching query returned: { "query:FROM watch_history": { max: 20 } }'),
    plan: z.record(stepSelectorSchema, z.string()).optional().describe('The query plan of the first matching query contains this text (the lesson needs queryPlan: true)'),
  })
  .describe('Expectations on the trace of the request');
export type TraceExpectation = z.infer<typeof traceExpectationSchema>;

/**
 * A value pattern for bodies and database rows. Plain values match equal values; objects match
 * when every listed key matches (other keys are ignored); arrays match element by element and
 * must be as long; number keys match those items of an array (`{ "0": { id: 1 } }`). Keys that
 * start with `$` are operators on the value itself and mix with fields: `$type`, `$length`,
 * `$minLength`, `$maxLength`, `$every`, `$some`, `$includes`, `$excludes`, `$absent`, `$gte`, `$lte`, `$not`.
 */
export const VALUE_OPERATORS = ['$type', '$absent', '$length', '$minLength', '$maxLength', '$every', '$some', '$includes', '$excludes', '$gte', '$lte', '$not'];

const TYPES = ['string', 'number', 'boolean', 'null', 'array', 'object'];
/** A whole `{{name}}` stands for a saved value of any type. */
const placeholder = (arg: unknown) => typeof arg === 'string' && /^\{\{\w+\}\}$/.test(arg);
const isCount = (arg: unknown) => (Number.isInteger(arg) && (arg as number) >= 0) || placeholder(arg);

/** What is wrong with an operator's argument, or null: `$length: three` can never pass, so it is refused. */
function badArgument(op: string, arg: unknown): string | null {
  const got = `got ${JSON.stringify(arg)}`;
  switch (op) {
    case '$type':
      return TYPES.includes(arg as string) ? null : `$type is one of ${TYPES.join(', ')}; ${got}`;
    case '$absent':
      return typeof arg === 'boolean' ? null : `$absent is true or false; ${got}`;
    case '$length':
    case '$minLength':
    case '$maxLength':
      return isCount(arg) ? null : `${op} is a whole number ≥ 0, e.g. ${op}: 3; ${got}`;
    case '$gte':
    case '$lte':
      return typeof arg === 'number' || placeholder(arg) ? null : `${op} is a number, e.g. ${op}: 1000; ${got}`;
    case '$includes':
    case '$excludes':
      return typeof arg === 'string' ? null : `${op} is a text; ${got}`;
    default:
      return null;
  }
}

/** The first unknown operator, or operator with an argument that cannot match, inside a pattern. */
function patternProblem(value: unknown, path: (string | number)[]): { path: (string | number)[]; message: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(key) : key];
    if (key.startsWith('$') && !VALUE_OPERATORS.includes(key)) return { path: at, message: `unknown operator ${key}; use one of ${VALUE_OPERATORS.join(', ')}` };
    const bad = key.startsWith('$') ? badArgument(key, inner) : null;
    if (bad) return { path: at, message: bad };
    const found = patternProblem(inner, at);
    if (found) return found;
  }
  return null;
}

export const valuePatternSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    const problem = patternProblem(value, []);
    if (problem) ctx.addIssue({ code: 'custom', ...problem });
  })
  .describe('A value pattern: a partial match with $-operators');

const statusSchema = z.number().int().min(100).max(999);

export const responseExpectationSchema = z
  .strictObject({
    status: z
      .union([statusSchema, z.array(statusSchema).min(1)], { error: 'a status code (a whole number such as 201), or a list of the codes that are right, e.g. [400, 422]' })
      .optional()
      .describe('The status code, or a list of the codes that are right: [400, 422]'),
    headers: z
      .record(z.string(), z.union([z.string(), z.strictObject({ $absent: z.literal(true) })]))
      .optional()
      .describe('Each header contains this text (case-insensitive), or is missing: { $absent: true }; names in any case'),
    body: valuePatternSchema.optional().describe('The JSON body matches this value pattern'),
    text: z
      .strictObject({
        includes: z.array(z.string()).default([]).describe('Texts the raw body contains'),
        excludes: z.array(z.string()).default([]).describe('Texts the raw body must not contain'),
      })
      .optional()
      .describe('Expectations on the raw body text (HTML, or JSON as text)'),
    trace: traceExpectationSchema.optional(),
  })
  .describe('What the response (and its trace) must look like');
export type ResponseExpectation = z.infer<typeof responseExpectationSchema>;

export const checkRequestSchema = z
  .strictObject({
    method: httpMethodSchema,
    path: z.string().startsWith('/').describe('Path inside the learner app; {{name}} is replaced by a saved value'),
    headers: z.record(z.string(), z.string()).default({}).describe('Request headers; {{name}} is replaced by a saved value'),
    body: z.unknown().optional().describe('JSON body, sent as application/json; {{name}} in strings is replaced'),
  })
  .describe('A request sent to the learner app');
export type CheckRequest = z.infer<typeof checkRequestSchema>;

export const checkStepSchema = z
  .strictObject({
    request: checkRequestSchema,
    expect: responseExpectationSchema.optional(),
    save: z
      .record(
        z.string().regex(/^[a-zA-Z_]\w*$/, 'a saved name is letters, digits and _'),
        z.string().regex(/^(status|body(\.[\w-]+)*|headers\.[\w-]+)$/, 'save from status, body, body.field.sub or headers.name'),
      )
      .optional()
      .describe('Values of the response to use in later steps as {{name}}, e.g. { token: body.token }'),
    concurrent: z.number().int().min(2).max(10).optional().describe('Sends the request this many times at once (a double click); expect holds for every response, save reads the first'),
  })
  .describe('One request of a check, with what its response must be');
export type CheckStep = z.infer<typeof checkStepSchema>;

export const databaseExpectationSchema = z
  .strictObject({
    sql: z.string().min(1).describe('A SELECT run on the check database after the steps'),
    rows: valuePatternSchema
      .refine((rows) => Array.isArray(rows) || (typeof rows === 'object' && rows !== null && Object.keys(rows).length > 0 && Object.keys(rows).every((k) => k.startsWith('$'))), {
        message: 'rows is a list with one pattern per row, e.g. rows: [{ orders: 0 }] (or $-operators on the list, e.g. { $length: 0 })',
      })
      .describe('The rows it returns match this value pattern (a list matches row by row)'),
  })
  .describe('What the database holds after the check');
export type DatabaseExpectation = z.infer<typeof databaseExpectationSchema>;

export const checkSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a check id is lower-case letters, digits and -'),
    title: bilingualSchema.describe('What the check checks, shown in the Checks panel'),
    failure: bilingualSchema.optional().describe('Said to the student when the check fails, before the detail'),
    setup: z.string().min(1).optional().describe("SQL run on the check's copy of the database before its steps, e.g. to sell out a product"),
    steps: z.array(checkStepSchema).min(1).describe('Requests sent in order, on one fresh copy of the lesson database'),
    database: z.array(databaseExpectationSchema).default([]),
  })
  .describe('One check of a learner solution');
export type Check = z.infer<typeof checkSchema>;

/** `checks.yaml` of a lesson. */
export const checksFileSchema = z
  .strictObject({
    checks: z.array(checkSchema).superRefine((checks, ctx) => {
      const seen = new Set<string>();
      checks.forEach((check, index) => {
        if (seen.has(check.id)) ctx.addIssue({ code: 'custom', message: `the id "${check.id}" is used twice`, path: [index, 'id'] });
        seen.add(check.id);
      });
    }),
  })
  .describe('The checks of a lesson');
export type ChecksFile = z.infer<typeof checksFileSchema>;
