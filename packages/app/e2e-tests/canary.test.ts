import { test, expect, Page } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The sandbox's control API, which `./portal start` runs next to the portal
// (with a real Prometheus scraping it); it plays the part of CD.
const SANDBOX = 'http://127.0.0.1:7020';

/**
 * orders-api's canary has no analysis steps: whatever the portal says of its
 * health comes from its metrics in Prometheus.
 */
async function releaseOrdersApi(page: Page, version: string, profile: object) {
  const res = await page.request.post(`${SANDBOX}/releases`, {
    data: {
      cluster: 'production',
      namespace: 'checkout',
      service: 'orders-api',
      image: `registry.acme.example/orders-api:${version}`,
      profile,
    },
  });
  expect(res.ok(), await res.text()).toBeTruthy();
}

test('a bad orders-api release (no analysis steps) fails on its metrics, with the failing metric charted', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  // Busy enough that the evidence builds within a minute or two.
  await releaseOrdersApi(page, '9.0.0', { requestRate: 400, errorRatio: 0.3 });

  await page.goto('/catalog/default/component/orders-api/delivery');
  const card = page
    .locator('[data-testid="rollout-card"]')
    .filter({ hasText: 'orders-api · production' });
  await expect(card).toContainText('registry.acme.example/orders-api:9.0.0', {
    timeout: 60_000,
  });
  const health = card.getByTestId('release-health');
  // The card judges when it loads: look again until the evidence is in.
  await expect(async () => {
    await page.reload();
    await expect(health).toContainText('Fail', { timeout: 15_000 });
  }).toPass({ timeout: 240_000, intervals: [5_000] });
  await expect(health).toContainText('critical metric error-ratio is High');
  const errorRatio = health.getByRole('row').filter({ hasText: 'error-ratio' });
  await expect(errorRatio).toContainText('High');
  await expect(
    errorRatio.getByRole('img', {
      name: 'error-ratio: canary (red) against stable (grey)',
    }),
  ).toBeVisible();
  await expect(health.getByRole('link').first()).toHaveAttribute(
    'href',
    /\/graph\?g0\.expr=/,
  );

  // The same verdict, in a word, where releases are listed.
  await page.goto('/catalog/default/component/orders-api');
  const status = page
    .getByTestId('release-status')
    .filter({ hasText: 'production' });
  await expect(status.getByTestId('release-health-badge')).toContainText(
    'Fail',
  );
  await page.goto('/releases');
  const row = page.getByRole('row').filter({ hasText: 'checkout/orders-api' });
  await expect(row.getByTestId('release-health-badge')).toContainText('Fail');
});
