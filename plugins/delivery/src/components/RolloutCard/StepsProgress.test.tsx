import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { RolloutSummary } from '@internal/plugin-delivery-common';
import { StepsProgress } from './StepsProgress';

/** A production release shaped as the golden paths shape it. */
const gated = (
  currentStepIndex: number,
): Pick<
  RolloutSummary,
  'steps' | 'currentStepIndex' | 'aborted' | 'analysisRuns'
> => ({
  steps: [
    { type: 'setCanaryScale', replicas: 1 },
    { type: 'setWeight', weight: 5 },
    { type: 'analysis', templates: ['success-rate'] },
    { type: 'pause' },
    { type: 'setWeight', weight: 50 },
    { type: 'pause', duration: '10m' },
    { type: 'setWeight', weight: 100 },
  ],
  currentStepIndex,
  aborted: false,
  analysisRuns: [],
});

describe('StepsProgress', () => {
  it('names the canary, the decision and the cut-over where each begins', async () => {
    await renderInTestApp(
      <StepsProgress rollout={gated(3) as RolloutSummary} />,
    );
    expect(
      screen.getAllByTestId('release-phase').map(e => e.textContent),
    ).toEqual(['Canary', "Release manager's decision", 'Cut-over']);
    expect(screen.getByLabelText('Step 4 of 7')).toBeInTheDocument();
    expect(screen.getByText('Pause until promoted')).toBeInTheDocument();
    expect(screen.getByText('Canary scale 1 pod')).toBeInTheDocument();
  });

  it('has no decision phase where the environment has no gate', async () => {
    const staging = gated(0);
    staging.steps = staging.steps.filter(
      s => !(s.type === 'pause' && !s.duration),
    );
    await renderInTestApp(
      <StepsProgress rollout={staging as RolloutSummary} />,
    );
    expect(
      screen.getAllByTestId('release-phase').map(e => e.textContent),
    ).toEqual(['Canary', 'Cut-over']);
  });
});
