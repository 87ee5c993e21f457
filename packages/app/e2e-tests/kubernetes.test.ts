import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

test('the Kubernetes tab shows a service’s pods in both sandbox clusters', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/orders-api/kubernetes');

  await expect(
    page.getByRole('heading', { name: 'Your Clusters' }),
  ).toBeVisible();
  for (const cluster of ['staging', 'production']) {
    await expect(
      page.getByRole('button', { name: `${cluster} Cluster` }),
    ).toBeVisible();
  }
  await expect(page.getByText('3 pods')).toHaveCount(2);
  await expect(page.getByText('No pods with errors')).toHaveCount(2);

  await page.getByRole('button', { name: 'production Cluster' }).click();
  // The stock plugin groups pods under their Argo Rollout.
  const rollout = page.getByRole('button', {
    name: 'orders-api Rollout namespace: checkout',
  });
  await expect(rollout.first()).toBeVisible();
  await expect(
    page.getByRole('button', { name: /orders-api-stable Service/ }).first(),
  ).toBeVisible();
  await rollout.first().click();
  await expect(
    page.getByText(/orders-api-[a-z0-9]+-[a-z0-9]{5}/).first(),
  ).toBeVisible();
});
