import {
  CicdSummaryResponse,
  DoraComparison,
  DoraFigures,
  TimelinePage,
} from '@internal/plugin-delivery-common';
import { DeliveryApi } from '../../../api/DeliveryApi';

const noFigures = (from: number, to: number): DoraFigures => ({
  from,
  to,
  deployments: 0,
  deploymentsPerDay: null,
  leadTimeMs: null,
  changesMeasured: 0,
  changeFailureRate: null,
  failedDeployments: 0,
  timeToRestoreMs: null,
  incidentsResolved: 0,
  incidentsOpen: 0,
});

/** The CI/CD methods of the delivery API, answering as for a service with no CI/CD yet. */
export function cicdApiMock(
  summary: Partial<CicdSummaryResponse> = {},
  timeline: TimelinePage = { items: [] },
  dora?: DoraComparison,
): Pick<
  DeliveryApi,
  'getCicdSummary' | 'getCicdTimeline' | 'getDora' | 'rerunPipelineRun'
> {
  return {
    getCicdSummary: jest.fn(async entity => ({
      entityRef:
        `${entity.kind}:${entity.namespace}/${entity.name}`.toLowerCase(),
      recentRuns: [],
      latestRunsByBranch: [],
      deployedByEnvironment: [],
      providers: [{ provider: 'cdevents', stale: false }],
      ...summary,
    })),
    getCicdTimeline: jest.fn(async () => timeline),
    getDora: jest.fn(
      async entity =>
        dora ?? {
          entityRef: entity.name,
          days: 30,
          current: noFigures(1, 2),
          previous: noFigures(0, 1),
        },
    ),
    rerunPipelineRun: jest.fn(async () => {}),
  };
}
