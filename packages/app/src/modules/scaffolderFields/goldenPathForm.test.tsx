import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  defaultEntityPresentation,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { ServiceNamePicker, serviceNameValidation } from './ServiceNamePicker';
import { TeamPicker } from './TeamPicker';

jest.setTimeout(60_000);

beforeAll(() => {
  // The Stepper scrolls to the top on every page; jsdom has no scrolling.
  window.scrollTo = jest.fn();
});

type StepSchema = Parameters<
  typeof Stepper
>[0]['manifest']['steps'][number]['schema'];

/**
 * The canary template's first page as the scaffolder serves it (the test
 * runner reads YAML modules as JSON). The System field is left out: its
 * stock EntityPicker is not what is tested here.
 */
function servicePage(): StepSchema {
  const template = structuredClone(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@internal/plugin-catalog-backend-module-golden-paths/templates/http-service/http-service-canary.template.yaml'),
  );
  const page = template.spec.parameters[0];
  delete page.properties.system;
  page.required = page.required.filter((field: string) => field !== 'system');
  return page;
}

const group = (name: string, title: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', title },
  spec: { type: 'team', children: [] },
});

const entities: Entity[] = [
  group('team-checkout', 'Checkout team'),
  group('platform', 'Platform team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart-api', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/team-checkout' },
  },
];

async function renderForm() {
  const onCreate = jest.fn(async () => {});
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApiMock({ entities })],
        [
          entityPresentationApiRef,
          {
            forEntity: (entity: Entity) => {
              const snapshot = defaultEntityPresentation(entity);
              return { snapshot, promise: Promise.resolve(snapshot) };
            },
          },
        ],
      ]}
    >
      <Stepper
        manifest={{
          title: 'HTTP service',
          steps: [{ title: 'Service', schema: servicePage() }],
        }}
        extensions={[
          {
            name: 'ServiceNamePicker',
            component: ServiceNamePicker,
            validation: serviceNameValidation,
          },
          { name: 'TeamPicker', component: TeamPicker },
        ]}
        onCreate={onCreate}
      />
    </TestApiProvider>,
  );
  return { onCreate };
}

async function chooseOwner(title: string) {
  await userEvent.click(screen.getByRole('textbox', { name: /Owner/ }));
  await userEvent.click(await screen.findByRole('option', { name: title }));
}

describe('the golden-path form', () => {
  it('explains a bad name in words, not with the pattern', async () => {
    await renderForm();
    await userEvent.type(
      await screen.findByRole('textbox', { name: /Name/ }),
      'Cart_API',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Description/ }),
      'Keeps carts.',
    );
    await chooseOwner('Checkout team');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      (
        await screen.findAllByText(
          /Use lower-case letters, digits and dashes only/,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/must match pattern/)).not.toBeInTheDocument();
    expect(screen.queryByText(/\^\[a-z\]/)).not.toBeInTheDocument();
  });

  it('flags a name a service in the catalog already has', async () => {
    await renderForm();
    await userEvent.type(
      await screen.findByRole('textbox', { name: /Name/ }),
      'cart-api',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Description/ }),
      'Keeps carts.',
    );
    await chooseOwner('Checkout team');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      (
        await screen.findAllByText(
          /A service named "cart-api" is already in the catalog \(owned by group:default\/team-checkout\)/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });

  it('marks Owner required and shows the chosen team by its title', async () => {
    const { onCreate } = await renderForm();
    const owner = await screen.findByRole('textbox', { name: /Owner/ });
    expect(owner).toBeRequired();
    // The marker a person sees beside the label.
    expect(screen.getByText(/Owner/, { selector: 'label' })).toHaveTextContent(
      /^Owner\s*\*$/,
    );
    await chooseOwner('Checkout team');
    await waitFor(() => expect(owner).toHaveValue('Checkout team'));

    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'basket-api',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Description/ }),
      'Keeps baskets.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    // The form still hands the scaffolder the team's entity ref.
    await waitFor(() =>
      expect(onCreate).toHaveBeenCalledWith(
        expect.objectContaining({
          name: 'basket-api',
          owner: 'group:default/team-checkout',
        }),
      ),
    );
  });
});
