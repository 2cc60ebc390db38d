/**
 * The guest library as text: server/sandbox/guest/ bundled with Express 5's `router` and
 * `path-to-regexp` (scripts/guest-build-options.mjs). The server build puts it in as a constant;
 * run from source (the tests), it is bundled here on first import.
 */
declare const __GUEST_LIBRARY__: string | undefined;
declare const __GUEST_LAZY_LIBRARIES__: Record<string, string> | undefined;

async function bundleFromSource(): Promise<string> {
  const { build } = await import('esbuild');
  const { guestBuildOptions } = await import('../../scripts/guest-build-options.mjs');
  const result = await build(guestBuildOptions);
  return result.outputFiles[0]!.text;
}

export const GUEST_LIBRARY: string = typeof __GUEST_LIBRARY__ === 'string' ? __GUEST_LIBRARY__ : await bundleFromSource();

/**
 * The libraries the guest compiles on first use (server/sandbox/guest/lazy.js), by name: the host
 * hands one over when the guest asks (op "library"), so only the apps that use one hold its text.
 */
const GUEST_LAZY_LIBRARIES: Readonly<Record<string, string>> =
  typeof __GUEST_LAZY_LIBRARIES__ === 'object' ? __GUEST_LAZY_LIBRARIES__ : (await import('../../scripts/guest-build-options.mjs')).guestLazyLibraries;

/** The text of the lazily compiled library `name`, or undefined for a name that is none. */
export function guestLazyLibrary(name: unknown): string | undefined {
  return typeof name === 'string' && Object.hasOwn(GUEST_LAZY_LIBRARIES, name) ? GUEST_LAZY_LIBRARIES[name] : undefined;
}
