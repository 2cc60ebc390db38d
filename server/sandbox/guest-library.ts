/**
 * The guest library as text: server/sandbox/guest/ bundled with Express 5's `router` and
 * `path-to-regexp` (scripts/guest-build-options.mjs). The server build puts it in as a constant;
 * run from source (the tests), it is bundled here on first import.
 */
declare const __GUEST_LIBRARY__: string | undefined;

async function bundleFromSource(): Promise<string> {
  const { build } = await import('esbuild');
  const { guestBuildOptions } = await import('../../scripts/guest-build-options.mjs');
  const result = await build(guestBuildOptions);
  return result.outputFiles[0]!.text;
}

export const GUEST_LIBRARY: string = typeof __GUEST_LIBRARY__ === 'string' ? __GUEST_LIBRARY__ : await bundleFromSource();
