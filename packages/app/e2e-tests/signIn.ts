import { expect, Page } from '@playwright/test';

/** Signs in through the guest provider, as the local portal offers. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('heading', { name: 'Acme Retail Catalog' }),
  ).toBeVisible();
}
