import { test, expect, Locator, Page } from '@playwright/test';
import { signInAs } from './signIn';

/** People in catalog/org.yaml. */
const CHEN_FULFILMENT = 'user:default/chen.li';
const ANA_STOREFRONT = 'user:default/ana.silva';

function productCatalogInProduction(page: Page): Locator {
  return page
    .locator('[data-testid="rollout-card"]')
    .filter({ hasText: 'product-catalog · production' });
}

async function openDeliveryTab(page: Page): Promise<Locator> {
  // product-catalog belongs to the storefront team.
  await page.goto('/catalog/default/component/product-catalog/delivery');
  const card = productCatalogInProduction(page);
  await expect(card.getByTestId('rollout-phase')).toContainText('Paused');
  return card;
}

test('someone outside the owning team sees why every action is disabled', async ({
  page,
}) => {
  await signInAs(page, CHEN_FULFILMENT);
  const card = await openDeliveryTab(page);
  for (const [label, verb] of [
    ['Promote', 'promote'],
    ['Promote fully', 'fully promote'],
    ['Abort', 'abort'],
    ['Retry', 'retry'],
    ['Roll back', 'roll back'],
  ]) {
    await expect(
      card.getByRole('button', { name: label, exact: true }),
    ).toBeDisabled();
    // The reason is text on the page, not a tooltip one has to hover.
    await expect(
      card.getByText(
        `Only the owners (Storefront team) and release managers may ${verb} this service.`,
        { exact: true },
      ),
    ).toBeVisible();
  }
});

test('an owner may abort, and reads why retry and promote are not offered', async ({
  page,
}) => {
  await signInAs(page, ANA_STOREFRONT);
  const card = await openDeliveryTab(page);
  await expect(
    card.getByRole('button', { name: 'Abort', exact: true }),
  ).toBeEnabled();
  await expect(
    card.getByRole('button', { name: 'Retry', exact: true }),
  ).toBeDisabled();
  await expect(
    card.getByText(/only an aborted rollout can be retried/),
  ).toBeVisible();
  // Paused at production's gate, which no release manager has opened.
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
});
