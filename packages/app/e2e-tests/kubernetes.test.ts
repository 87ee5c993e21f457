import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

test('the Kubernetes tab shows a service’s pods in both sandbox clusters', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/orders-api/kubernetes');

  for (const cluster of ['staging', 'production']) {
    await expect(
      page.getByText(cluster, { exact: true }).first(),
    ).toBeVisible();
  }
  await expect(page.getByText(/^orders-api-[a-z0-9]+-[a-z0-9]{5}$/).first())
    .toBeVisible()
    .catch(async () => {
      // Pods are listed inside each cluster's accordion.
      await page.getByText('production', { exact: true }).first().click();
      await expect(
        page.getByText(/orders-api-[a-z0-9]+-[a-z0-9]{5}/).first(),
      ).toBeVisible();
    });
  await expect(page.getByText(/pods?/i).first()).toBeVisible();
});
