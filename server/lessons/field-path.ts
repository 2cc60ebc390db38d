export type FieldPath = readonly (string | number)[];

/** The file line of a field of a parsed YAML document (the deepest part of `path` that exists). */
export type LineOf = (path: FieldPath) => number;

/**
 * How a field is named in a message: list positions count from 1, as an instructor counts them
 * (`checks.2.steps.1.expect.status` is the first step of the second check).
 */
export const fieldName = (path: FieldPath, label = 'yaml') => (path.length > 0 ? path.map((p) => (typeof p === 'number' ? p + 1 : p)).join('.') : label);
