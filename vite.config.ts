import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const apiPort = Number(process.env.GUDANG_API_PORT ?? 3000);

export default defineConfig({
  root: 'web',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    // scripts/web-weight.mjs reads it to measure what the first screen loads.
    manifest: true,
  },
  server: {
    proxy: {
      '/api': `http://localhost:${apiPort}`,
      '/sandbox': `http://localhost:${apiPort}`,
    },
  },
  test: {
    root: '.',
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'server', include: ['test/server/**/*.test.ts', 'test/lessons/**/*.test.ts'], environment: 'node', testTimeout: 20_000, hookTimeout: 30_000 },
      },
      {
        extends: true,
        test: { name: 'web', include: ['test/web/**/*.test.{ts,tsx}'], environment: 'happy-dom' },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
      },
      {
        // Two built instances behind Debian's nginx (scripts/scale-out-test.ts); needs /usr/sbin/nginx.
        extends: true,
        test: { name: 'deploy', include: ['test/deploy/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 20_000, fileParallelism: false },
      },
    ],
  },
});
