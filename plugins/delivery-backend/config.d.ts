import { HumanDuration } from '@backstage/types';

export interface Config {
  /**
   * The delivery plugins. Clusters are read from the Kubernetes plugin's
   * `kubernetes.clusterLocatorMethods` (type `config`).
   */
  delivery?: {
    /** CI/CD: CDEvents received, pipeline runs, deployments, DORA figures. */
    cicd?: {
      /**
       * Environments (CDEvents environment ids) whose deployments count for
       * the DORA figures. Defaults to `['production']`.
       *
       * @visibility backend
       */
      productionEnvironments?: string[];
    };

    // `delivery.releaseManagers` is read and declared by the permission
    // policy (plugins/permission-backend-module-portal-policy), not here.

    /**
     * How long to wait for a cluster to answer one request before answering
     * 504. A duration string such as `10s`, an ISO duration, or an object
     * like `{ seconds: 10 }`. Defaults to 10 seconds.
     *
     * @visibility backend
     */
    clusterRequestTimeout?: HumanDuration | string;

    /**
     * How long a backend instance may hold a Rollout for one action before
     * it is taken for stopped: its claim expires, and an action it left
     * unanswered is settled by reading the Rollout back. Longer than the
     * few cluster requests an action makes. Defaults to 2 minutes.
     *
     * @visibility backend
     */
    actionClaimExpiry?: HumanDuration | string;

    /** Release health: the canary (or preview) revision judged from its metrics. */
    canary?: {
      /**
       * The Prometheus of each cluster, by cluster name (as in
       * `kubernetes.clusterLocatorMethods`): its base URL, which is also
       * where the links to the data point. A cluster without one has no
       * release health verdict.
       *
       * @visibility backend
       */
      prometheus?: { [cluster: string]: string };
      /**
       * Seconds between two points of a metric, at least Prometheus' scrape
       * interval. Defaults to 10.
       *
       * @visibility backend
       */
      stepSeconds?: number;
    };

    /**
     * The release manager's gate before production.
     */
    gate?: {
      /**
       * Clusters whose releases wait at the gate. Defaults to `[production]`.
       *
       * @visibility backend
       */
      environments?: string[];
      /**
       * The cluster a release is tried in first; `''` for none. Defaults to
       * `staging`.
       *
       * @visibility backend
       */
      stagingEnvironment?: string;
      /**
       * Whether whoever started or promoted a release is refused its approval.
       * Defaults to true.
       *
       * @visibility backend
       */
      fourEyes?: boolean;
      /**
       * Overlay directory of an environment in a service's repository;
       * `{environment}` is replaced. Defaults to `deploy/overlays/{environment}`.
       *
       * @visibility backend
       */
      overlayPath?: string;
      /**
       * The command that renders overlays with real kustomize: `kubectl`
       * (runs `kubectl kustomize`), a `kustomize` binary (runs `kustomize
       * build`), or a full command line. Unset: `kustomize build`, else
       * `kubectl kustomize`, whichever is on PATH.
       *
       * @visibility backend
       */
      kustomizeCommand?: string;
      /**
       * Prometheus base URL the error budget is measured with.
       *
       * @visibility backend
       */
      prometheusUrl?: string;
      /**
       * Fields allowed to differ between environments (dotted paths, `*` for
       * any key or index). Services add their own by annotation.
       *
       * @visibility backend
       */
      environmentSpecificFields?: string[];
      /** Default limits; services override them by annotation. */
      limits?: {
        /** @visibility backend */
        maxCommits?: number;
        /** @visibility backend */
        maxFiles?: number;
        /** @visibility backend */
        maxLines?: number;
        /**
         * Longest the steps after the gate may take. Defaults to 3 days.
         *
         * @visibility backend
         */
        maxRemainingDuration?: HumanDuration | string;
      };
    };
  };
}
