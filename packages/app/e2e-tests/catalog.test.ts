import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

test('a developer finds the example services, filters them by owner and opens one', async ({
  page,
}) => {
  await signInAsGuest(page);

  // The guest is a member of the checkout team, so "Owned" shows its services.
  await expect(
    page.getByRole('heading', { name: /Owned Components \(3\)/ }).first(),
  ).toBeVisible();
  const rows = page.getByRole('row');
  await expect(rows.filter({ hasText: 'payments-api' })).toBeVisible();
  await expect(rows.filter({ hasText: 'shipping-api' })).toHaveCount(0);

  await page.getByText('All', { exact: true }).click();
  for (const service of [
    'storefront-web',
    'product-catalog',
    'search-api',
    'cart-api',
    'payments-api',
    'orders-api',
    'shipping-api',
    'inventory-api',
  ]) {
    await expect(
      page.getByRole('link', { name: service, exact: true }),
    ).toBeVisible();
  }

  await page.getByRole('textbox', { name: 'Owner' }).click();
  await page.getByRole('option', { name: /Fulfilment team/ }).click();
  await page.keyboard.press('Escape');
  await expect(
    page.getByRole('link', { name: 'shipping-api', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'inventory-api', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'payments-api', exact: true }),
  ).toHaveCount(0);

  await page.getByRole('link', { name: 'shipping-api', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/shipping-api/);
  await expect(
    page.getByRole('heading', { name: 'shipping-api' }).first(),
  ).toBeVisible();
  await expect(
    page.getByText('Books shipments with carriers and tracks parcels.'),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: /Fulfilment team/ }).first(),
  ).toBeVisible();
});
