import { expect, Page } from '@playwright/test';

/**
 * The cookie the local portal's guest provider reads to sign in as another
 * catalog user (packages/backend/src/guestSignIn.ts; development only).
 */
const SIGN_IN_AS_COOKIE = 'portal-sign-in-as';

/** Signs in through the guest provider, as the local portal offers. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('heading', { name: 'Acme Retail Catalog' }),
  ).toBeVisible();
}

/**
 * Signs in as the catalog user `userRef` (e.g. `user:default/dora.nagy`)
 * through the guest provider of the local portal. Use a page of its own
 * browser context per person: the choice is a cookie of the context.
 */
export async function signInAs(page: Page, userRef: string) {
  const backend = new URL(
    process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007',
  );
  await page.context().addCookies([
    {
      name: SIGN_IN_AS_COOKIE,
      value: userRef,
      domain: backend.hostname,
      path: '/',
    },
  ]);
  // A portal that has just started may not have read catalog/org.yaml yet,
  // and a named user is only let in once the catalog knows them.
  await expect
    .poll(
      async () => {
        const res = await page.request.get(
          new URL('/api/auth/guest/refresh', backend).toString(),
          { headers: { 'x-requested-with': 'XMLHttpRequest' } },
        );
        return res.ok() ? 'signed in' : `${res.status()} ${await res.text()}`;
      },
      { message: `sign in as ${userRef}`, timeout: 120_000 },
    )
    .toBe('signed in');
  await signInAsGuest(page);
}
