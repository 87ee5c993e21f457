import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

// End-to-end suites live in each package's e2e-tests/ folder. They run in the
// system's Chromium (Debian's `chromium` package); no browser is downloaded.
const chromium = {
  browserName: 'chromium' as const,
  channel: undefined,
  launchOptions: {
    executablePath: process.env.PORTAL_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 30_000 },

  // `./portal start` brings up the sandbox clusters, backend and frontend;
  // the e2e config keeps test data in memory, away from data/.
  webServer: {
    command: './portal start',
    url: 'http://localhost:3000',
    env: {
      PORTAL_EXTRA_CONFIG: 'app-config.e2e.yaml',
      PORTAL_SANDBOX_SNAPSHOT: 'none',
    },
    reuseExistingServer: !process.env.CI,
    timeout: 600_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },

  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,

  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME
    ? [['list'], ['json']]
    : [['list'], ['html', { open: 'never', outputFolder: 'e2e-test-report' }]],

  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1400, height: 900 },
    ...chromium,
  },

  outputDir: 'node_modules/.cache/e2e-test-results',

  projects: generateProjects().map(project => ({
    ...project,
    use: { ...project.use, ...chromium },
  })),
});
