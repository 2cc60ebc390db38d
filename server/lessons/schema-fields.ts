import type { z } from 'zod';

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType; out?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas `path` may lead to inside `schema` (a union can offer several). */
function objectsAt(schema: z.ZodType, path: readonly PropertyKey[]): Def[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return objectsAt(def.innerType!, path);
    case 'pipe':
      return objectsAt(def.in!, path);
    case 'union':
      return def.options!.flatMap((option) => objectsAt(option, path));
    case 'array':
      return path.length > 0 ? objectsAt(def.element!, path.slice(1)) : [];
    case 'record':
      return path.length > 0 ? objectsAt(def.valueType!, path.slice(1)) : [];
    case 'object':
      if (path.length === 0) return [def];
      return def.shape![String(path[0])] ? objectsAt(def.shape![String(path[0])]!, path.slice(1)) : [];
    default:
      return [];
  }
}

/** The field names an object at `path` of `schema` may have: what an unknown key could have meant. */
export function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((def) => Object.keys(def.shape ?? {})))];
}
