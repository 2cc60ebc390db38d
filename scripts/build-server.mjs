// Bundles the server and its sandbox worker into dist/server; node_modules stay external.
import { build } from 'esbuild';
import { serverBuildOptions } from './server-build-options.mjs';

await build(serverBuildOptions);
