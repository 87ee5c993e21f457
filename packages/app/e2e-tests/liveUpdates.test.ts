import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The sandbox's control API, which `./portal start` runs next to the portal;
// it plays the part of CD starting a release.
const SANDBOX = 'http://127.0.0.1:7020';

test('two open tabs see a release start within a second, pushed by signals', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAsGuest(page);
  const deliveryTab = page;
  const releasesTab = await page.context().newPage();

  await deliveryTab.goto('/catalog/default/component/cart-api/delivery');
  const card = deliveryTab
    .locator('[data-testid="rollout-card"]')
    .filter({ hasText: 'cart-api · staging' });
  await expect(card.getByTestId('rollout-phase')).toBeVisible({
    timeout: 60_000,
  });
  await releasesTab.goto('/releases');
  await expect(releasesTab.getByText(/Releases in flight/)).toBeVisible({
    timeout: 60_000,
  });
  // Let both pages settle, so that what follows is a pushed change and not
  // the first load or a poll (polling runs every 30 s with signals).
  await deliveryTab.waitForTimeout(3000);

  const image = `registry.acme.example/cart-api:9.${Date.now() % 1000}.0`;
  const started = Date.now();
  const res = await page.request.post(`${SANDBOX}/releases`, {
    data: { cluster: 'staging', service: 'cart-api', image },
  });
  expect(res.ok(), await res.text()).toBeTruthy();

  const seen = await Promise.all([
    expect(card)
      .toContainText(image, { timeout: 30_000 })
      .then(() => Date.now() - started),
    expect(
      releasesTab
        .locator('tr')
        .filter({ hasText: 'checkout/cart-api' })
        .filter({ hasText: 'staging' }),
    )
      .toContainText(image, { timeout: 30_000 })
      .then(() => Date.now() - started),
  ]);
  process.stdout.write(
    `release of cart-api in staging seen after ${seen[0]} ms on the Delivery tab and ${seen[1]} ms on the Releases page\n`,
  );
  // Polling alone would take up to 30 s; a push arrives in about a second.
  expect(Math.max(...seen)).toBeLessThan(10_000);
});
