import type { BuildOptions } from 'esbuild';
export const guestBuildOptions: BuildOptions & { write: false };
