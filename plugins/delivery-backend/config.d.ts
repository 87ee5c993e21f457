import { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * The delivery plugins. Clusters are read from the Kubernetes plugin's
   * `kubernetes.clusterLocatorMethods` (type `config`).
   */
  delivery?: {
    /**
     * Groups whose members may act on every service's rollouts, in addition
     * to each service's owners. Entity refs; a bare name means a group in the
     * default namespace. Defaults to `group:default/release-managers`.
     *
     * @visibility backend
     */
    releaseManagers?: string[];

    /**
     * How long to wait for a cluster to answer one request before answering
     * 504. A duration string such as `10s`, an ISO duration, or an object
     * like `{ seconds: 10 }`. Defaults to 10 seconds.
     *
     * @visibility backend
     */
    clusterRequestTimeout?: HumanDuration | string;
  };
}
