import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ReleaseRecord } from '@internal/plugin-delivery-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { DeliveryApi, deliveryApiRef } from '../../api/DeliveryApi';
import { ReleaseHistoryCard } from './ReleaseHistoryCard';

const base = {
  entityRef: 'component:default/cart-api',
  cluster: 'production',
  namespace: 'checkout',
  rollout: 'cart-api',
  actor: 'user:default/dora.nagy',
  createdAt: new Date().toISOString(),
};

const RECORDS: ReleaseRecord[] = [
  {
    ...base,
    id: '3',
    action: 'abort',
    outcome: 'unknown',
    error:
      "Cluster 'production' did not answer within 10s to patch rollout status",
  },
  {
    ...base,
    id: '2',
    action: 'promote',
    outcome: 'succeeded',
    reconciliation:
      "Cluster 'production' did not answer within 10s to patch rollout status. Read back at 2026-11-30T04:00:00.000Z: the rollout moved on from the pause, so the promote was applied",
  },
  { ...base, id: '1', action: 'retry', outcome: 'failed', error: 'HTTP 500' },
];

function renderCard() {
  const api: Partial<DeliveryApi> = {
    getHistory: async () => ({ items: RECORDS }),
  };
  return renderInTestApp(
    <TestApiProvider apis={[[deliveryApiRef, api]]}>
      <ReleaseHistoryCard entityRef={base.entityRef} refreshKey={0} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

// The first render of a Table in a test app is slow on a busy machine.
jest.setTimeout(30_000);

describe('ReleaseHistoryCard', () => {
  it('says an action whose answer was lost may have been applied, and how a settled one was found out', async () => {
    await renderCard();
    expect(
      await screen.findByText(
        /unknown: the cluster did not answer, so it may have been applied \(Cluster 'production' did not answer within 10s to patch rollout status\); check the rollout/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /the rollout moved on from the pause, so the promote was applied$/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('failed: HTTP 500')).toBeInTheDocument();
  });
});
