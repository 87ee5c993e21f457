import { test, expect, Page, Locator } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The sandbox's control API, which `./portal start` runs next to the portal;
// it plays the part of CD starting a release.
const SANDBOX = 'http://127.0.0.1:7020';
const BACKEND = 'http://localhost:7007';

async function startRelease(
  page: Page,
  service: string,
  image: string,
  profile = 'healthy',
) {
  const res = await page.request.post(`${SANDBOX}/releases`, {
    data: {
      cluster: 'production',
      namespace: 'checkout',
      service,
      image,
      profile,
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
}

function rolloutCard(page: Page, name: string, cluster: string): Locator {
  return page
    .locator('[data-testid="rollout-card"]')
    .filter({ hasText: `${name} · ${cluster}` });
}

async function act(card: Locator, page: Page, action: string, reason: string) {
  await card.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Reason (optional)').fill(reason);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('an owner promotes a canary to the end, then rolls a bad release back', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);
  await startRelease(
    page,
    'orders-api',
    'registry.acme.example/orders-api:2.4.0',
  );
  await page.goto('/catalog/default/component/orders-api/delivery');

  const card = rolloutCard(page, 'orders-api', 'production');
  await expect(card.getByTestId('rollout-phase')).toContainText('Paused', {
    timeout: 60_000,
  });
  await expect(card).toContainText('step 2 of 4');
  await act(card, page, 'Promote', 'first canary step looks good');
  await expect(card).toContainText('step 4 of 4', { timeout: 60_000 });
  await expect(card.getByTestId('rollout-phase')).toContainText('Paused', {
    timeout: 60_000,
  });
  await act(card, page, 'Promote', 'all good at 70%');
  await expect(card.getByTestId('rollout-phase')).toContainText('Healthy', {
    timeout: 60_000,
  });
  await expect(card).toContainText('registry.acme.example/orders-api:2.4.0');

  await startRelease(
    page,
    'orders-api',
    'registry.acme.example/orders-api:2.5.0',
    'errors',
  );
  await expect(card).toContainText('registry.acme.example/orders-api:2.5.0', {
    timeout: 60_000,
  });
  await expect(card.getByTestId('rollout-phase')).toContainText(
    /Paused|Progressing|Degraded/,
  );
  // Roll back offers the revision before the stable one by default (2.3.0,
  // or a later one that other tests of this portal released), neither the
  // stable 2.4.0 nor the failing 2.5.0; it would go through the steps again.
  // The stable 2.4.0 goes straight to Healthy, because its ReplicaSet is
  // still there and is the stable one.
  await card.getByRole('button', { name: 'Roll back', exact: true }).click();
  const dialog = page.getByRole('dialog');
  const revision = dialog.getByLabel('Revision to roll back to');
  await expect(revision).toContainText(/orders-api:\d+\.\d+\.\d+/);
  await expect(revision).not.toContainText(/orders-api:2\.[45]\.0/);
  await expect(dialog).toContainText('through the same steps');
  await revision.click();
  await page.getByRole('option', { name: /orders-api:2\.4\.0/ }).click();
  await expect(dialog).toContainText('without steps');
  await dialog.getByLabel('Reason (optional)').fill('errors went up on 2.5.0');
  await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId('rollout-phase')).toContainText('Healthy', {
    timeout: 30_000,
  });
  await expect(card).toContainText('registry.acme.example/orders-api:2.4.0');
  // No canary: the stable ReplicaSet serves everything, nothing went through steps.
  await expect(card.getByRole('row', { name: /^\d+ canary / })).toHaveCount(0);

  const history = page
    .locator('table')
    .filter({ has: page.getByText('Roll back', { exact: true }) });
  const rows = history.locator('tbody tr');
  await expect(rows.nth(0)).toContainText('Roll back');
  await expect(rows.nth(0)).toContainText('errors went up on 2.5.0');
  await expect(rows.nth(0)).toContainText('succeeded');
  // Each promotion says which step it led to.
  await expect(rows.nth(1)).toContainText('Promote: step 4 → done');
  await expect(rows.nth(1)).toContainText('all good at 70%');
  await expect(rows.nth(2)).toContainText(
    'Promote: step 2 → 3, Set weight 70%',
  );
  await expect(rows.nth(2)).toContainText('first canary step looks good');
});

test('someone who does not own a service cannot act on its rollout', async ({
  page,
}) => {
  await signInAsGuest(page);
  // product-catalog belongs to the storefront team; the guest is in checkout.
  await page.goto('/catalog/default/component/product-catalog/delivery');
  const card = rolloutCard(page, 'product-catalog', 'production');
  await expect(card.getByTestId('rollout-phase')).toContainText('Paused');
  const promote = card.getByRole('button', { name: 'Promote', exact: true });
  await expect(promote).toBeDisabled();
  await expect(
    card.getByLabel(
      /Promote: Only the owners \(Storefront team\) and release managers may promote this service/,
    ),
  ).toBeVisible();

  // The API itself refuses, not only the button.
  const status = await page.evaluate(async backend => {
    const session = await fetch(`${backend}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      credentials: 'include',
    }).then(r => r.json());
    const res = await fetch(
      `${backend}/api/delivery/entities/component/default/product-catalog/rollouts/production/storefront/product-catalog/actions`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${session.backstageIdentity.token}`,
          'content-type': 'application/json',
          'idempotency-key': `e2e-${Date.now()}`,
        },
        body: JSON.stringify({ action: 'promote' }),
      },
    );
    return res.status;
  }, BACKEND);
  expect(status).toBe(403);
});

test('after an analysis step fails, the failed step is marked and both pages say Aborted', async ({
  page,
}) => {
  // Waiting for the abort takes up to a minute, and the Releases page is a
  // second full page load after it.
  test.setTimeout(180_000);
  await signInAsGuest(page);
  // The sandbox seeds shipping-api 1.6.0 in production with rising errors:
  // its analysis step (step 2 of 4) fails and Argo Rollouts aborts it.
  await page.goto('/catalog/default/component/shipping-api/delivery');
  const card = rolloutCard(page, 'shipping-api', 'production');
  await expect(card.getByTestId('rollout-phase')).toContainText('Aborted', {
    timeout: 60_000,
  });
  await expect(card).toContainText('failed at step 2 of 4');
  await expect(card.getByTestId('failed-step')).toContainText('Analysis');

  await page.goto('/releases');
  const row = page
    .locator('tr')
    .filter({ hasText: 'fulfilment/shipping-api' })
    .filter({ hasText: 'production' });
  await expect(row).toContainText('Aborted');
  await expect(row).toContainText('shipping-api:1.5.2');
});
