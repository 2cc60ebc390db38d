import type { StringKey } from '../i18n/strings.js';
import { useI18n } from '../i18n/i18n-context.js';
import type { StepField } from './compare-traces.js';

/** The compare view's words (in i18n/strings.ts with the rest), and the name of each compared step field. */
export function useCompareWords() {
  const { t, language } = useI18n();
  return { w: t, field: (field: StepField) => t(`field_${field}` as const satisfies StringKey), language };
}
