import { test, expect, ConsoleMessage, Page } from '@playwright/test';
import { signInAsGuest } from './signIn';

/**
 * Messages from code this portal does not own and cannot change by
 * configuration; each says why it is tolerated.
 */
const THIRD_PARTY_NOISE: Array<{ pattern: RegExp; why: string }> = [
  {
    pattern: /React Router Future Flag Warning/,
    why: "Backstage's app shell creates the router; the app cannot opt in to v7 flags",
  },
  {
    pattern:
      /(MTable\w+|Connect\(Droppable\)): Support for defaultProps will be removed/,
    why: "material-table and react-beautiful-dnd inside Backstage's Table, which the catalog's own pages use",
  },
  {
    pattern:
      /The columns provided to material table are static, but contain functions/,
    why: "@material-table/core (inside Backstage's Table) warns in development whenever a table's data changes and its columns have render functions, even when the columns keep their identity (componentDidUpdate compares them after any prop change) — the catalog's own table does it too",
  },
  {
    // Only where the whole stack is that boundary: a key warning from our own
    // components names them.
    pattern:
      /Each child in a list should have a unique "key" prop\.[^\n]*\n\s+at ExtensionBoundary \([^\n]*\)\s*$/,
    why: 'the catalog page (@backstage/plugin-catalog/alpha pages) renders its filter extensions as an array without keys (inputs.filters.map(filter => filter.get(...)))',
  },
  {
    pattern: /<h2> cannot appear as a child of <h5>[\s\S]*CatalogTableToolbar/,
    why: "the catalog page's own table toolbar (@backstage/plugin-catalog) puts its h2 title in an h5",
  },
  {
    pattern: /registered as IconComponent, which is deprecated/,
    why: 'the default icon set registered by @backstage/frontend-defaults',
  },
  {
    pattern:
      /<Focusable> child must have an interactive ARIA role|changed from uncontrolled to controlled/,
    why: "the scaffolder's template cards and form built on @backstage/ui (react-aria)",
  },
  {
    pattern: /findDOMNode is deprecated/,
    why: "Material UI v4's transitions (tooltips, menus) in Backstage's components",
  },
];

type Problem = { page: string; text: string };

function watchConsole(page: Page, label: () => string, problems: Problem[]) {
  const record = (text: string) => {
    if (!THIRD_PARTY_NOISE.some(noise => noise.pattern.test(text))) {
      problems.push({ page: label(), text });
    }
  };
  page.on('console', async (message: ConsoleMessage) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    // React logs a format string and its arguments (the component and its
    // stack); put them together so the message says where it comes from.
    const args = await Promise.all(
      message.args().map(arg => arg.jsonValue().catch(() => '')),
    );
    const [format, ...rest] = args;
    record(
      typeof format === 'string' && format.includes('%s')
        ? format.replace(/%s/g, () => String(rest.shift() ?? ''))
        : message.text(),
    );
  });
  page.on('pageerror', error => record(`Uncaught: ${error.message}`));
}

const PAGES: Array<{ name: string; path: string; ready: RegExp | string }> = [
  { name: 'catalog', path: '/', ready: 'Acme Retail Catalog' },
  {
    name: 'entity overview',
    path: '/catalog/default/component/cart-api',
    ready: 'About',
  },
  {
    name: 'Delivery tab',
    path: '/catalog/default/component/cart-api/delivery',
    ready: 'Release history',
  },
  { name: 'Releases page', path: '/releases', ready: /Releases/ },
  { name: 'Create', path: '/create', ready: /HTTP service on Kubernetes/ },
  {
    name: 'Create form',
    path: '/create/templates/default/http-service-canary',
    ready: 'Service',
  },
];

test('the main pages log no React warnings or errors', async ({ page }) => {
  // The first visit of each page waits for the development bundle.
  test.setTimeout(600_000);
  const problems: Problem[] = [];
  let current = 'sign-in';
  watchConsole(page, () => current, problems);

  try {
    await signInAsGuest(page);
    for (const { name, path, ready } of PAGES) {
      current = name;
      await page.goto(path);
      await expect(page.getByText(ready).first()).toBeVisible({
        timeout: 90_000,
      });
      // Cards load after the page shows; their warnings come then.
      await page.waitForTimeout(3_000);
    }
  } finally {
    for (const problem of problems) {
      // eslint-disable-next-line no-console
      console.log(`[${problem.page}] ${problem.text.split('\n')[0]}`);
    }
  }
  expect(problems.map(p => `[${p.page}] ${p.text}`)).toEqual([]);
});
