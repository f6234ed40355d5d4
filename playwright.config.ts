import { defineConfig } from '@playwright/test';

// Two projects: `web` drives the real renderer (the test build in out-test/, with the e2e hook)
// in Debian's Chromium through the loopback web host over the real services
// (tests/e2e/fixtures.ts starts one per worker); `electron` starts the real Electron app from the
// production build (out/) where the Electron binary is installed, and is skipped elsewhere.
export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  projects: [
    {
      name: 'web',
      testDir: 'tests/e2e',
      use: {
        browserName: 'chromium',
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
        screenshot: 'only-on-failure',
        trace: 'off',
      },
    },
    { name: 'electron', testDir: 'tests/electron', timeout: 180_000 },
  ],
});
