import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

test('a new team member creates a canary service and sees its first rollout', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = `basket-api-${Date.now().toString(36)}`;
  await signInAsGuest(page);

  await page.getByRole('link', { name: 'Create' }).first().click();
  const card = page
    .locator('article, .MuiCard-root')
    .filter({ hasText: 'HTTP service on Kubernetes with a canary release' })
    .first();
  await card.getByRole('button', { name: /choose/i }).click();

  // Service
  await page.getByLabel('Name').first().fill(name);
  await page.getByLabel('Description').first().fill('Keeps baskets warm.');
  await page.getByLabel('Owner').first().click();
  await page
    .getByRole('option', { name: /Checkout team|team-checkout/ })
    .click();
  await page.getByLabel('System').first().click();
  await page
    .getByRole('option', { name: /checkout/i })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();
  // Release and data: the defaults are what a new service wants.
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  // Repository
  await page.getByLabel('Owner').first().fill('checkout');
  await page.getByLabel('Repository').first().fill(name);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task log shows each step; all of them finish.
  for (const step of [
    'Render the service',
    'Publish the repository',
    'Register in the catalog',
  ]) {
    await expect(page.getByText(step).first()).toBeVisible();
  }
  const open = page.getByRole('link', { name: 'Open in catalog' });
  await expect(open).toBeVisible({ timeout: 120_000 });
  await open.click();

  await expect(page.getByRole('heading', { name }).first()).toBeVisible();
  await expect(
    page.getByRole('link', { name: /View Source|Repository/ }).first(),
  ).toHaveAttribute('href', new RegExp(`localhost:7030/checkout/${name}`));

  await page.goto(`/catalog/default/component/${name}/delivery`);
  await expect(
    page
      .locator('[data-testid="rollout-card"]')
      .filter({ hasText: `${name} · staging` }),
  ).toBeVisible({ timeout: 120_000 });
});
