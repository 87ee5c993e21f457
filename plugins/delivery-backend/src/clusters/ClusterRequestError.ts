import { CustomErrorBase } from '@backstage/errors';

/**
 * A cluster answered with an error (502 Bad Gateway) or did not answer in
 * time (504 Gateway Timeout). The backend's error middleware takes the HTTP
 * status from `statusCode`, so no handler builds an error response itself.
 *
 * @public
 */
export class ClusterRequestError extends CustomErrorBase {
  name = 'ClusterRequestError' as const;

  readonly statusCode: 502 | 504;
  readonly cluster: string;

  constructor(options: {
    cluster: string;
    statusCode: 502 | 504;
    message: string;
    cause?: Error;
  }) {
    super(options.message, options.cause);
    this.cluster = options.cluster;
    this.statusCode = options.statusCode;
  }
}
