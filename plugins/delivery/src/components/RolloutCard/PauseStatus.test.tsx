import { act, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { RolloutSummary } from '@internal/plugin-delivery-common';
import { PauseStatus } from './PauseStatus';

const timedPause = (
  startedSecondsAgo: number,
  duration = '1m',
): Pick<RolloutSummary, 'pauseConditions' | 'steps' | 'currentStepIndex'> => ({
  pauseConditions: [
    {
      reason: 'CanaryPauseStep',
      startTime: new Date(Date.now() - startedSecondsAgo * 1000).toISOString(),
    },
  ],
  steps: [
    { type: 'setWeight', weight: 10 },
    { type: 'pause', duration },
  ],
  currentStepIndex: 1,
});

describe('PauseStatus', () => {
  afterEach(() => jest.useRealTimers());

  it('counts down a timed pause to the moment the controller resumes', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-30T10:00:00Z') });
    await renderInTestApp(<PauseStatus rollout={timedPause(15, '1m30s')} />);
    expect(screen.getByRole('timer')).toHaveTextContent(
      'resumes by itself in 1 min 15 s',
    );
    act(() => {
      jest.advanceTimersByTime(10_000);
    });
    expect(screen.getByRole('timer')).toHaveTextContent(
      'resumes by itself in 1 min 5 s',
    );
    act(() => {
      jest.advanceTimersByTime(80_000);
    });
    expect(screen.getByRole('timer')).toHaveTextContent('resuming now');
  });

  it('reads integer durations as seconds', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-30T10:00:00Z') });
    await renderInTestApp(<PauseStatus rollout={timedPause(0, '45')} />);
    expect(screen.getByRole('timer')).toHaveTextContent('45 s');
  });

  it('shows no countdown for a pause that waits for a person', async () => {
    await renderInTestApp(
      <PauseStatus
        rollout={{
          pauseConditions: [
            { reason: 'CanaryPauseStep', startTime: new Date().toISOString() },
          ],
          steps: [{ type: 'setWeight', weight: 10 }, { type: 'pause' }],
          currentStepIndex: 1,
        }}
      />,
    );
    expect(screen.getByText('Paused: CanaryPauseStep')).toBeInTheDocument();
    expect(screen.queryByRole('timer')).not.toBeInTheDocument();
  });
});
