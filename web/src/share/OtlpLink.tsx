import { useI18n } from '../i18n/i18n-context.js';

/** The open trace as an OTLP JSON file, to load in Jaeger or another OpenTelemetry tool. */
export function OtlpLink({ href, traceId }: { href: string; traceId: string }) {
  const { t } = useI18n();
  return (
    <a className="small-button link-as-button" href={href} download={`gudang-trace-${traceId}.otlp.json`} title={t('downloadOtlpWhy')} data-testid="otlp-link">
      <span aria-hidden="true">⤓ </span>
      {t('downloadOtlp')}
    </a>
  );
}
