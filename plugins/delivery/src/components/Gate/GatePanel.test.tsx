import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { GateState } from '@internal/plugin-delivery-common';
import { GatePanel } from './GatePanel';

const waiting: GateState = {
  entityRef: 'component:default/product-catalog',
  cluster: 'production',
  namespace: 'storefront',
  rollout: 'product-catalog',
  gated: true,
  stage: 'waiting',
  candidate: { podTemplateHash: 'abc', revision: 2, images: ['img:1.12.0'] },
  checks: [
    {
      id: 'change-small',
      title: 'Change is small',
      state: 'open',
      summary: '2 commits, 3 files, +10/−2 lines',
      evidence: ['limits: 20 commits, 30 files, 500 lines'],
      link: 'http://git.example/compare/a...b',
    },
    {
      id: 'error-budget',
      title: 'Error budget left',
      state: 'unknown',
      summary: 'No Prometheus is configured to measure the error budget',
      evidence: [],
    },
  ],
  decisions: [],
  open: false,
  blockers: [
    'not approved by a release manager',
    'error-budget is unknown: No Prometheus is configured to measure the error budget',
  ],
};

const rollout = {
  entity: { kind: 'component', namespace: 'default', name: 'product-catalog' },
  cluster: 'production',
  namespace: 'storefront',
  name: 'product-catalog',
};

function fetchWith(responses: Array<(init?: RequestInit) => unknown>) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetchApi = {
    fetch: jest.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const next = responses.length > 1 ? responses.shift()! : responses[0];
      const body = next(init) as any;
      return new Response(JSON.stringify(body), {
        status: body?.error ? 409 : 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }),
  };
  return { fetchApi, calls };
}

const render = (
  fetchApi: any,
  authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [discoveryApiRef, mockApis.discovery()],
        [fetchApiRef, fetchApi],
        [permissionApiRef, mockApis.permission({ authorize })],
      ]}
    >
      {/* permission decisions are cached per resource: one entity per test */}
      <GatePanel
        rollout={rollout}
        entityRef={`${waiting.entityRef}-${authorize}`}
      />
    </TestApiProvider>,
  );

describe('GatePanel', () => {
  it('shows an owner each check and why the release is held, without decision buttons', async () => {
    const { fetchApi } = fetchWith([() => waiting]);
    await render(fetchApi, AuthorizeResult.DENY);
    expect(await screen.findByText('Waiting for approval')).toBeInTheDocument();
    expect(
      screen.getByText('not approved by a release manager'),
    ).toBeInTheDocument();
    expect(screen.getByText('Change is small: open')).toBeInTheDocument();
    expect(screen.getByText('Error budget left: unknown')).toBeInTheDocument();
    expect(screen.getByText('Evidence').closest('a')).toHaveAttribute(
      'href',
      'http://git.example/compare/a...b',
    );
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
  });

  it('lets a release manager override a check with a reason and approve', async () => {
    const { fetchApi, calls } = fetchWith([
      () => waiting,
      () => ({ decision: {}, gate: waiting }),
      () => ({
        ...waiting,
        open: true,
        blockers: [],
        approval: { by: 'user:default/dora.nagy', at: '2026-11-30T02:00:00Z' },
      }),
    ]);
    await render(fetchApi, AuthorizeResult.ALLOW);
    const override = await screen.findByRole('button', {
      name: 'Override Error budget left',
    });
    expect(override).toBeDisabled();
    await userEvent.type(
      screen.getByLabelText('Reason'),
      'Budget read by hand',
    );
    await userEvent.click(override);
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(calls[1].url).toBe(
      'http://example.com/api/delivery/entities/component/default/product-catalog/rollouts/production/storefront/product-catalog/gate/decisions',
    );
    expect(JSON.parse(String(calls[1].init?.body))).toEqual({
      decision: 'override',
      checkId: 'error-budget',
      reason: 'Budget read by hand',
    });
    expect(
      await screen.findByText(
        'Approved by user:default/dora.nagy at 2026-11-30T02:00:00Z',
      ),
    ).toBeInTheDocument();
  });
});
