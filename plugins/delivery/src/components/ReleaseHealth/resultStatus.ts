import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';

/**
 * How a verdict (Pass / Marginal / Fail / Inconclusive) or a metric's result
 * (High / Low / NoData) is shown: undecided is pending, never OK.
 */
export const RESULT_STATUS = {
  Pass: StatusOK,
  Marginal: StatusWarning,
  Fail: StatusError,
  Inconclusive: StatusPending,
  High: StatusError,
  Low: StatusError,
  NoData: StatusPending,
} as const;
