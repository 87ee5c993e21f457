import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signInAsGuest } from './signIn';

// The sandbox's git host, which `./portal start` runs next to the portal.
// A push to a repository's default branch with deploy/overlays/<env> starts
// a pipeline run of the sandbox CI, which reports CDEvents to the portal.
const GIT_HOST = 'http://localhost:7030';
const GIT_USER = { username: 'portal', password: 'portal-sandbox-git' };
// An example service no other end-to-end test deploys: its repository's
// web address is its `platform-portal/cdevents-source` annotation.
const SERVICE = 'inventory-api';
const REPO = `acme/${SERVICE}`;
const NAMESPACE = 'fulfilment';

const basicAuth = `Basic ${Buffer.from(
  `${GIT_USER.username}:${GIT_USER.password}`,
).toString('base64')}`;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Portal',
      GIT_AUTHOR_EMAIL: 'portal@acme.example',
      GIT_COMMITTER_NAME: 'Portal',
      GIT_COMMITTER_EMAIL: 'portal@acme.example',
    },
  }).trim();
}

/** Creates the service's repository on the git host unless it exists. */
async function ensureRepository(page: Page) {
  const res = await page.request.post(`${GIT_HOST}/api/v1/orgs/acme/repos`, {
    headers: { authorization: basicAuth },
    data: { name: SERVICE, default_branch: 'main' },
  });
  expect([201, 409], await res.text()).toContain(res.status());
}

/**
 * Pushes a commit with a staging overlay (a ConfigMap, nothing that moves
 * the service's rollout) to the default branch; returns the commit.
 */
function pushCommit(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-cicd-'));
  try {
    const overlay = path.join(dir, 'deploy/overlays/staging');
    fs.mkdirSync(overlay, { recursive: true });
    fs.writeFileSync(
      path.join(overlay, 'kustomization.yaml'),
      'resources:\n  - settings.yaml\n',
    );
    fs.writeFileSync(
      path.join(overlay, 'settings.yaml'),
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        `  name: ${SERVICE}-settings`,
        `  namespace: ${NAMESPACE}`,
        'data:',
        `  pushedAt: "${new Date().toISOString()}"`,
        '',
      ].join('\n'),
    );
    git(dir, 'init', '--quiet', '--initial-branch', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '--quiet', '-m', 'Staging settings');
    const remote = new URL(`${GIT_HOST}/${REPO}.git`);
    remote.username = GIT_USER.username;
    remote.password = GIT_USER.password;
    // Force: the repository may hold an earlier run's commit.
    git(dir, 'push', '--quiet', '--force', remote.toString(), 'HEAD:main');
    return git(dir, 'rev-parse', 'HEAD');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a run started by a push to the sandbox git host appears on the service page without reloading, with its deployment and timeline', async ({
  page,
}) => {
  test.setTimeout(480_000);
  // The first page of a freshly started portal waits for the frontend's
  // bundle, which takes minutes on a busy machine.
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible({
    timeout: 300_000,
  });
  await signInAsGuest(page);
  await page.goto(`/catalog/default/component/${SERVICE}/delivery`);

  // The page is open before the push: what follows arrives by polling,
  // without a reload.
  await expect(page.getByText('CI/CD runs', { exact: true })).toBeVisible({
    timeout: 120_000,
  });
  const runsCard = page
    .locator('[class*="MuiCard-root"]')
    .filter({ has: page.getByText('CI/CD runs', { exact: true }) })
    .first();
  const runRows = runsCard.locator('tbody tr');

  await ensureRepository(page);
  const started = Date.now();
  const commit = pushCommit();
  const newRun = runRows.filter({ hasText: commit.slice(0, 7) });
  await expect(newRun).toBeVisible({ timeout: 30_000 });
  const seenAfter = Date.now() - started;
  process.stdout.write(
    `pipeline run of ${REPO}@${commit.slice(
      0,
      7,
    )} seen on the Delivery tab ${seenAfter} ms after the push, without reloading\n`,
  );
  await expect(newRun).toContainText('portal');

  // The run goes on to finish, and the page follows it there too: the run
  // succeeded, staging runs its commit, and the timeline says so.
  await expect(newRun.getByText('Succeeded')).toBeVisible({
    timeout: 90_000,
  });
  const deployedCard = page
    .locator('[class*="MuiCard-root"]')
    .filter({ has: page.getByText('Deployed', { exact: true }) })
    .first();
  await expect(
    deployedCard.locator('tr').filter({ hasText: 'staging' }),
  ).toContainText(commit.slice(0, 7));
  const timeline = page.getByTestId('timeline-entry');
  await expect(
    timeline.filter({ hasText: `Pipeline ${SERVICE} started` }).first(),
  ).toBeVisible();
  await expect(
    timeline.filter({ hasText: /CD deployed .* to staging/ }).first(),
  ).toBeVisible();
});
