import { CopyLinkButton } from './CopyLinkButton.js';
import { OtlpLink } from './OtlpLink.js';
import { otlpUrl, shareApi } from './share-api.js';

/** What the learner can do with the open trace: share a read-only link to it, download it as OTLP JSON. */
export function TraceActions({ sessionId, traceId }: { sessionId: string; traceId: string }) {
  const makeLink = async () => new URL((await shareApi.share(sessionId, traceId)).path, location.origin).href;
  return (
    <>
      <CopyLinkButton makeLink={makeLink} />
      <OtlpLink href={otlpUrl.session(sessionId, traceId)} traceId={traceId} />
    </>
  );
}
