import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

test('a new team member creates a canary service and sees its first rollout', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const name = `basket-api-${Date.now().toString(36)}`;
  await signInAsGuest(page);

  await page.getByRole('link', { name: 'Create' }).first().click();
  // The nearest ancestor of the title that holds a "Choose" button is its card.
  const card = page
    .getByText('HTTP service on Kubernetes with a canary release', {
      exact: true,
    })
    .locator(
      'xpath=ancestor::*[.//button[@data-testid="template-card-actions--create"]][1]',
    );
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
  // Typed, as a person would: the picker assembles the URL from key strokes.
  await page.getByLabel('Repository').first().pressSequentially(name);
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(`repo=${name}`).first()).toBeVisible();
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

  // The task's repository link is the clone URL; it opens the repository.
  const repositoryUrl = `http://localhost:7030/checkout/${name}.git`;
  await expect(page.getByRole('link', { name: 'Repository' })).toHaveAttribute(
    'href',
    repositoryUrl,
  );
  const gitHost = await page.context().newPage();
  await gitHost.goto(repositoryUrl);
  await expect(
    gitHost.getByRole('heading', { name: `checkout/${name} at main` }),
  ).toBeVisible();
  await expect(
    gitHost.getByRole('link', { name: 'catalog-info.yaml' }),
  ).toBeVisible();

  await open.click();

  // The catalog processes a newly registered location within seconds; until
  // then the page says the entity is not found, and a person reloads.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('Entity not found')).toHaveCount(0, {
      timeout: 2_000,
    });
    await expect(page.getByText('Keeps baskets warm.')).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(
    page.getByRole('link', { name: /View Source|Repository/ }).first(),
  ).toHaveAttribute('href', new RegExp(`localhost:7030/checkout/${name}`));

  // The About card's edit link opens the file in the git host's editor,
  // after signing in there as Gitea asks.
  const editUrl = `http://localhost:7030/checkout/${name}/_edit/main/catalog-info.yaml`;
  await expect(page.getByTitle('Edit Metadata')).toHaveAttribute(
    'href',
    editUrl,
  );
  await gitHost.goto(editUrl);
  await gitHost.getByLabel('Username or Email Address').fill('portal');
  await gitHost.getByLabel('Password').fill('portal-sandbox-git');
  await gitHost.getByRole('button', { name: 'Sign In' }).click();
  await expect(gitHost).toHaveURL(editUrl);
  await expect(gitHost.locator('textarea[name="content"]')).toContainText(
    `name: ${name}`,
  );
  await gitHost.close();

  await page.goto(`/catalog/default/component/${name}/delivery`);
  await expect(
    page
      .locator('[data-testid="rollout-card"]')
      .filter({ hasText: `${name} · staging` }),
  ).toBeVisible({ timeout: 120_000 });
});
