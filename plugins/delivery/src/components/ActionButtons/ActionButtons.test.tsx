import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { RolloutSummary } from '@internal/plugin-delivery-common';
import { deliveryApiRef } from '../../api/DeliveryApi';
import {
  pausedCanary,
  pausedCanaryForNonOwner,
} from '../../__fixtures__/rollouts';
import { ActionButtons } from './ActionButtons';

const rolloutRef = {
  entity: { kind: 'component', namespace: 'default', name: 'product-catalog' },
  cluster: 'production',
  namespace: 'storefront',
  name: 'product-catalog',
};

function render(rollout: RolloutSummary) {
  return renderInTestApp(
    <TestApiProvider apis={[[deliveryApiRef, { performAction: jest.fn() }]]}>
      <ActionButtons
        rollout={rollout}
        rolloutRef={rolloutRef}
        onDone={jest.fn()}
      />
    </TestApiProvider>,
  );
}

describe('ActionButtons', () => {
  it("shows the backend's reason beside each button it disables", async () => {
    await render(pausedCanaryForNonOwner);
    for (const name of [
      'Promote',
      'Promote fully',
      'Abort',
      'Retry',
      'Roll back',
    ]) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
    // Visible text, not only a tooltip on hover.
    expect(
      screen.getByText(
        'Only the owners (Storefront team) and release managers may fully promote this service.',
      ),
    ).toBeVisible();
    expect(
      screen.getByText(
        'Only the owners (Storefront team) and release managers may abort this service.',
      ),
    ).toBeVisible();
  });

  it('looks disabled when disabled, Abort included: not red', async () => {
    await render(pausedCanaryForNonOwner);
    const abort = screen.getByRole('button', { name: 'Abort' });
    expect(abort).toHaveClass('Mui-disabled');
    expect(abort.className).not.toMatch(/Secondary/);
  });

  it('offers what the backend allows and opens its confirmation', async () => {
    await render(pausedCanary);
    const abort = screen.getByRole('button', { name: 'Abort' });
    expect(abort).toBeEnabled();
    expect(abort.className).toMatch(/Secondary/);
    expect(screen.getByRole('button', { name: 'Retry' })).toBeDisabled();
    expect(
      screen.getByText(
        'Rollout storefront/product-catalog is not aborted; only an aborted rollout can be retried.',
      ),
    ).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    expect(await screen.findByRole('dialog')).toBeInTheDocument();
  });

  it('offers nothing when the backend did not say what the caller may do', async () => {
    await render({ ...pausedCanary, actions: undefined });
    expect(screen.getByRole('button', { name: 'Promote' })).toBeDisabled();
    expect(
      screen.getAllByText(
        'Reload the page to see whether you may take this action.',
      ),
    ).toHaveLength(5);
  });
});
