import { test, expect, Browser, Locator, Page } from '@playwright/test';
import { signInAs } from './signIn';

// The sandbox's control API, which `./portal start` runs next to the portal;
// it plays the part of CD starting a release.
const SANDBOX = 'http://127.0.0.1:7020';
const BACKEND = 'http://localhost:7007';

// storefront-web belongs to the storefront team (Ana Silva); its production
// steps pause without a duration after the first canary step, which is
// where app-config.yaml's gate holds production releases. Dora Nagy is a
// release manager (catalog/org.yaml).
const OWNER = 'user:default/ana.silva';
const RELEASE_MANAGER = 'user:default/dora.nagy';
const DELIVERY = '/catalog/default/component/storefront-web/delivery';

async function personPage(browser: Browser, userRef: string) {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, userRef);
  return page;
}

function productionCard(page: Page): Locator {
  return page
    .locator('[data-testid="rollout-card"]')
    .filter({ hasText: 'storefront-web · production' });
}

function gatePanel(page: Page): Locator {
  return page
    .locator('.MuiCard-root')
    .filter({ hasText: "Release manager's gate — production" })
    .last();
}

/** Promote through the API, as the signed-in person: its status and message. */
async function promoteThroughApi(page: Page) {
  return page.evaluate(async backend => {
    const session = await fetch(`${backend}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      credentials: 'include',
    }).then(r => r.json());
    const res = await fetch(
      `${backend}/api/delivery/entities/component/default/storefront-web/rollouts/production/storefront/storefront-web/actions`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${session.backstageIdentity.token}`,
          'content-type': 'application/json',
          'idempotency-key': `e2e-gate-${Date.now()}`,
        },
        body: JSON.stringify({ action: 'promote' }),
      },
    );
    const body = await res.json();
    return { status: res.status, message: String(body?.error?.message) };
  }, BACKEND);
}

async function promote(page: Page, reason: string) {
  await productionCard(page)
    .getByRole('button', { name: 'Promote', exact: true })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason (optional)').fill(reason);
  await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
  await expect(dialog).toBeHidden();
}

const CHECKS = [
  'Change is small',
  'Tested in staging',
  'Environments consistent',
  'Can be implemented quickly',
  'Error budget left',
];

test("a production release waits for the release manager's approval", async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const owner = await personPage(browser, OWNER);
  const started = await owner.request.post(`${SANDBOX}/releases`, {
    data: {
      cluster: 'production',
      namespace: 'storefront',
      service: 'storefront-web',
      image: 'registry.acme.example/storefront-web:2.8.0',
      profile: 'healthy',
    },
  });
  expect(started.ok(), await started.text()).toBeTruthy();

  // The owner reaches the gate and is told what holds the release.
  await owner.goto(DELIVERY);
  const card = productionCard(owner);
  await expect(card).toContainText("step 2 of 5, release manager's decision", {
    timeout: 60_000,
  });
  await expect(card.getByTestId('rollout-phase')).toContainText('Paused');
  const ownersGate = gatePanel(owner);
  await expect(ownersGate).toContainText('Waiting for approval');
  await expect(ownersGate.getByLabel('What holds the release')).toContainText(
    'not approved by a release manager',
  );
  await expect(ownersGate.getByRole('button', { name: 'Approve' })).toHaveCount(
    0,
  );
  // Promote is disabled, with the gate's reason beside it...
  await expect(
    card.getByRole('button', { name: 'Promote', exact: true }),
  ).toBeDisabled();
  await expect(
    card
      .getByText(
        /gate of production is closed .*not approved by a release manager/,
      )
      .first(),
  ).toBeVisible();
  // ...and the backend itself refuses it, naming what is missing.
  const refused = await promoteThroughApi(owner);
  expect(refused.status).toBe(409);
  expect(refused.message).toContain(
    "The release manager's gate of production is closed",
  );
  expect(refused.message).toContain('not approved by a release manager');

  // The release manager finds it among the releases waiting for approval;
  // a release that does not wait (shipping-api, aborted) is not there.
  const manager = await personPage(browser, RELEASE_MANAGER);
  await manager.goto('/releases?gate=waiting');
  const row = manager
    .locator('tr')
    .filter({ hasText: 'storefront/storefront-web' })
    .filter({ hasText: 'production' });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(
    manager.locator('tr').filter({ hasText: 'fulfilment/shipping-api' }),
  ).toHaveCount(0);
  await row.getByRole('link').first().click();

  // Reads the checks; those without an open verdict are overridden with a
  // reason, then the release is approved.
  const gate = gatePanel(manager);
  const checks = gate.getByRole('list', { name: 'Readiness checks' });
  for (const title of CHECKS) {
    await expect(checks).toContainText(title);
  }
  for (const title of CHECKS) {
    const override = gate.getByRole('button', { name: `Override ${title}` });
    if ((await override.count()) === 0) continue;
    await gate.getByLabel('Reason').fill(`${title}: evidence read, accepted`);
    await override.click();
    await expect(override).toHaveCount(0);
    await expect(checks).toContainText(`${title}: evidence read, accepted`);
  }
  await gate.getByRole('button', { name: 'Approve' }).click();
  await expect(gate).toContainText('Approved by user:default/dora.nagy');
  await expect(gate.getByText('Open', { exact: true })).toBeVisible();

  // The owner now promotes past the gate and through the cut-over.
  await owner.reload();
  await expect(gatePanel(owner)).toContainText(
    'Approved by user:default/dora.nagy',
  );
  await promote(owner, 'approved; starting the cut-over');
  await expect(card).toContainText('step 4 of 5, cut-over', {
    timeout: 60_000,
  });
  await promote(owner, 'cut-over looks good');
  await expect(card.getByTestId('rollout-phase')).toContainText('Healthy', {
    timeout: 90_000,
  });
  await expect(card).toContainText('all 5 steps done');

  await manager.goto('/releases?gate=waiting');
  await expect(manager.getByText(/Releases in flight/)).toBeVisible();
  await expect(
    manager.locator('tr').filter({ hasText: 'storefront/storefront-web' }),
  ).toHaveCount(0);
});
