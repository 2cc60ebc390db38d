import type { BuildOptions } from 'esbuild';
export const guestBuildOptions: BuildOptions & { write: false };
export const guestLazyLibraries: Record<string, string>;
