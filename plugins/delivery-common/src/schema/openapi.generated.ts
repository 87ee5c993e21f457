// Generated from plugins/delivery-backend/src/schema/openapi.yaml by
// `yarn workspace @internal/plugin-delivery-backend generate`.
// Do not edit: change openapi.yaml and run that command.

export interface paths {
  '/entities/{kind}/{namespace}/{name}/rollouts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The Argo Rollouts of one catalog entity in every cluster it runs in. A cluster that cannot be read carries an `error`; the others still answer. */
    get: operations['GetEntityRollouts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/actions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Promote, fully promote, abort, retry or roll back one Rollout of the entity, as `kubectl argo rollouts` would, guarded by the Rollout's resourceVersion. */
    post: operations['PostRolloutAction'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The release health of one Rollout: the verdict on its canary (or preview) revision against the stable (or active) one, per metric with both values, the threshold, the evidence still needed and the series. */
    get: operations['GetReleaseHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/gate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The release manager's gate of one Rollout: its readiness checks with evidence, the decisions on the candidate revision, and whether a promotion may cross it. */
    get: operations['GetRolloutGate'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/gate/decisions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Approve or refuse the release waiting at the gate, or override one of its checks with a reason. Release managers only; not the person who started or promoted the release. */
    post: operations['PostGateDecision'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/gate/waiting': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Releases paused at a gate in any gated environment. */
    get: operations['GetWaitingReleases'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Recorded actions, newest first. */
    get: operations['GetReleaseHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/releases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Every Rollout in the catalog that is not Healthy, across all clusters. */
    get: operations['GetReleasesInFlight'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/cdevents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Receives CDEvents (v0.4 or v0.5) carried as CloudEvents 1.0: one in binary mode (`ce-*` headers, the CDEvent as an `application/json` body), one in structured mode, or a batch. Every event is checked before any is stored; an event already stored (same `source` and `id`) is answered as a duplicate. Callers authenticate with an external-access token. */
    post: operations['PostCdEvents'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/cicd': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The entity's latest pipeline runs from CDEvents and every provider, the latest run per branch, and what is deployed in each environment. */
    get: operations['GetEntityCicdSummary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/cicd/timeline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description What CI/CD reported and what people did through the portal, newest first; one fact reported by both is one entry. */
    get: operations['GetEntityTimeline'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/cicd/dora': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description DORA figures over the last `days` days and the window before. */
    get: operations['GetEntityDora'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/cicd/runs/{provider}/{runId}/rerun': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Re-runs the failed jobs of a run, for the entity's owners and release managers; audited. */
    post: operations['PostRerunPipelineRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/cicd/unmatched': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description CDEvents no catalog entity claims, newest first. */
    get: operations['GetUnmatchedCdEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      };
      request: {
        method: string;
        url: string;
      };
      response: {
        statusCode: number;
      };
    };
    /**
     * @description What a user can do to a rollout; the names follow `kubectl argo rollouts promote | promote --full | abort | retry | undo`.
     * @enum {string}
     */
    DeliveryAction: 'promote' | 'promoteFull' | 'abort' | 'retry' | 'rollback';
    /** @description Whether the caller may take one action now, and why not. */
    ActionAvailability: {
      action: components['schemas']['DeliveryAction'];
      allowed: boolean;
      /**
       * @description What stands in the way, the first of: the permission policy, the entity acted through (another entity owns or also claims the rollout), the rollout's state, the release manager's gate.
       * @enum {string}
       */
      refusedBy?: 'permission' | 'ownership' | 'state' | 'gate';
      /** @description Why not, in words for the caller; absent when allowed. */
      reason?: string;
    };
    /**
     * @description Argo Rollouts' phases, plus `Unknown` when the controller has not yet observed the current spec.
     * @enum {string}
     */
    RolloutPhase: 'Progressing' | 'Paused' | 'Healthy' | 'Degraded' | 'Unknown';
    /** @enum {string} */
    RolloutStrategy: 'canary' | 'blueGreen';
    /** @description One canary step, simplified for display; `type` tells which of the shapes it has. */
    RolloutStep:
      | components['schemas']['SetWeightStep']
      | components['schemas']['SetCanaryScaleStep']
      | components['schemas']['PauseStep']
      | components['schemas']['AnalysisStep']
      | components['schemas']['ExperimentStep']
      | components['schemas']['OtherStep'];
    /** @description Sends `weight` percent of the traffic to the canary. */
    SetWeightStep: {
      /** @enum {string} */
      type: 'setWeight';
      weight: number;
    };
    /** @description Sizes the canary apart from its traffic weight (needs a traffic router): `replicas` pods, `weight` percent of the Rollout's replicas, or, with `matchTrafficWeight`, pods that follow the weight again. */
    SetCanaryScaleStep: {
      /** @enum {string} */
      type: 'setCanaryScale';
      replicas?: number;
      weight?: number;
      matchTrafficWeight?: boolean;
    };
    /** @description Waits for `duration`, or for a person to promote when absent. */
    PauseStep: {
      /** @enum {string} */
      type: 'pause';
      duration?: string;
    };
    /** @description Runs the named AnalysisTemplates and waits for their verdict. */
    AnalysisStep: {
      /** @enum {string} */
      type: 'analysis';
      templates: string[];
    };
    /** @description Runs an Argo Rollouts experiment. */
    ExperimentStep: {
      /** @enum {string} */
      type: 'experiment';
    };
    /** @description A step the portal does not describe further, by its Argo Rollouts name. */
    OtherStep: {
      /** @enum {string} */
      type: 'other';
      name: string;
    };
    /** @description A revision of the rollout's pod template (one ReplicaSet). */
    RolloutRevision: {
      revision: number;
      podTemplateHash: string;
      images: string[];
      replicas: number;
      readyReplicas: number;
      createdAt?: string;
      /**
       * @description Role of this revision right now.
       * @enum {string}
       */
      role: 'stable' | 'canary' | 'active' | 'preview' | 'old';
    };
    AnalysisMeasurement: {
      phase: string;
      value?: string;
      startedAt?: string;
      finishedAt?: string;
    };
    AnalysisMetricResult: {
      name: string;
      phase: string;
      successful: number;
      failed: number;
      inconclusive: number;
      error: number;
      message?: string;
      /** @description The metric's `successCondition` from the AnalysisRun's spec: the threshold a measurement must meet. */
      successCondition?: string;
      /** @description The metric's `failureCondition` from the AnalysisRun's spec. */
      failureCondition?: string;
      measurements: components['schemas']['AnalysisMeasurement'][];
    };
    AnalysisRunSummary: {
      name: string;
      /** @description The AnalysisRun's phase as Argo Rollouts reports it (`Pending`, `Running`, `Successful`, `Failed`, `Error`, `Inconclusive`); `Pending` when it has none yet. */
      phase: string;
      message?: string;
      revision?: number;
      /** @description The canary step that started the run (Argo Rollouts' `step-index` label); absent for background, pre- and post-promotion analysis. */
      stepIndex?: number;
      startedAt?: string;
      metrics: components['schemas']['AnalysisMetricResult'][];
    };
    PauseCondition: {
      reason: string;
      startTime?: string;
    };
    /** @description Everything the portal shows about one Argo Rollout. */
    RolloutSummary: {
      cluster: string;
      namespace: string;
      name: string;
      strategy: components['schemas']['RolloutStrategy'];
      phase: components['schemas']['RolloutPhase'];
      message?: string;
      /** @description False while the controller has not observed the current spec (`status.observedGeneration` behind `metadata.generation`): phase and steps may then describe the previous spec. */
      statusObserved: boolean;
      aborted: boolean;
      paused: boolean;
      pauseConditions: components['schemas']['PauseCondition'][];
      /** @description Canary steps; empty for blue/green. */
      steps: components['schemas']['RolloutStep'][];
      currentStepIndex?: number;
      weights?: {
        canary: number;
        stable: number;
        /** @description Present when no traffic router is configured: Argo Rollouts then approximates the step's weight by pod counts, and `canary` is `canaryPods` of `availablePods`, which may differ from the step's weight. */
        replicaBased?: {
          canaryPods: number;
          availablePods: number;
        };
      };
      replicas: {
        desired: number;
        ready: number;
        updated: number;
        available: number;
      };
      stableRevision?: components['schemas']['RolloutRevision'];
      canaryRevision?: components['schemas']['RolloutRevision'];
      /** @description Every revision still known to the cluster, newest first. */
      revisions: components['schemas']['RolloutRevision'][];
      /** @description Revisions one can roll back to, newest first. */
      rollbackTargets: number[];
      blueGreen?: {
        activeService?: string;
        previewService?: string;
        activeSelector?: string;
        previewSelector?: string;
      };
      analysisRuns: components['schemas']['AnalysisRunSummary'][];
      /** @description Actions that make sense in the current state. */
      availableActions: components['schemas']['DeliveryAction'][];
      /** @description One entry per action: whether the caller may take it now and, if not, why. Answered by the entity's rollouts read, which knows who asks; absent from an action's response (read the rollouts again). */
      actions?: components['schemas']['ActionAvailability'][];
      resourceVersion: string;
    };
    /** @description Rollouts of one entity in one cluster, or why they could not be read. */
    ClusterRollouts: {
      cluster: string;
      rollouts: components['schemas']['RolloutSummary'][];
      error?: {
        message: string;
        statusCode?: number;
      };
      /** @description The cluster's changes stopped arriving (its watch broke and is being re-established): the rollouts are as they were at `since`. */
      stale?: {
        /** @description ISO 8601 time. */
        since: string;
        message: string;
      };
    };
    EntityRolloutsResponse: {
      entityRef: string;
      clusters: components['schemas']['ClusterRollouts'][];
    };
    ActionRequest: {
      action: components['schemas']['DeliveryAction'];
      /** @description For `rollback`, the revision to go back to; the previous one when absent. */
      revision?: number;
      reason?: string;
      /** @description The rollout's resourceVersion as the user saw it; when given, the action applies only if the rollout has not changed since (else 409). */
      resourceVersion?: string;
    };
    /** @description One row of the release history. */
    ReleaseRecord: {
      id: string;
      entityRef: string;
      cluster: string;
      namespace: string;
      rollout: string;
      action: components['schemas']['DeliveryAction'];
      actor: string;
      reason?: string;
      revisionBefore?: number;
      revisionAfter?: number;
      /**
       * @description unknown: the cluster's answer was lost and the rollout could not be read back yet, so the action may have been applied.
       * @enum {string}
       */
      outcome: 'succeeded' | 'failed' | 'unknown';
      error?: string;
      /** @description How the outcome was established when the cluster's answer was lost or the backend stopped mid-action: what reading the rollout back showed. */
      reconciliation?: string;
      step?: components['schemas']['ReleaseStep'];
      createdAt: string;
    };
    /** @description The canary steps a promotion moved the rollout across: from step `from` to step `to` of `count` (1-based); `to` past `count` means every step was done and the rollout fully promoted. `target` is the step it moved to, as it was then. */
    ReleaseStep: {
      from: number;
      to: number;
      count: number;
      target?: components['schemas']['RolloutStep'];
    };
    ActionResponse: {
      record: components['schemas']['ReleaseRecord'];
      rollout?: components['schemas']['RolloutSummary'];
    };
    ReleaseHistoryPage: {
      items: components['schemas']['ReleaseRecord'][];
      /** @description Pass as `cursor` to get the next (older) page. */
      nextCursor?: string;
    };
    /** @description A rollout in flight anywhere in the catalog, for the Releases page. */
    ReleaseInFlight: {
      entityRef: string;
      title?: string;
      owner?: string;
      cluster: string;
      namespace: string;
      rollout: string;
      strategy: components['schemas']['RolloutStrategy'];
      phase: components['schemas']['RolloutPhase'];
      message?: string;
      currentStepIndex?: number;
      totalSteps?: number;
      canaryWeight?: number;
      /** @description The images serving now (the stable revision's, when one is known). */
      images: string[];
      /** @description The images of the revision being rolled out, when they differ from `images`. */
      candidateImages?: string[];
      /** @description The rollout was aborted (its phase is then Degraded, as Argo Rollouts reports it). */
      aborted?: boolean;
      /** @description When the revision being rolled out was created. */
      startedAt?: string;
      /** @description The owner's display name (`metadata.title`), when it has one. */
      ownerTitle?: string;
    };
    ReleasesInFlightResponse: {
      items: components['schemas']['ReleaseInFlight'][];
      clusterErrors: {
        cluster: string;
        message: string;
      }[];
      /** @description Clusters whose changes stopped arriving; their releases are as they were at `since`. */
      staleClusters?: {
        cluster: string;
        /** @description ISO 8601 time. */
        since: string;
        message: string;
      }[];
    };
    /**
     * @description How a run or stage stands; `unknown` when the provider did not say, never shown as a pass.
     * @enum {string}
     */
    PipelineStatus:
      | 'queued'
      | 'running'
      | 'succeeded'
      | 'failed'
      | 'errored'
      | 'cancelled'
      | 'unknown';
    PipelineStage: {
      id: string;
      name: string;
      status: components['schemas']['PipelineStatus'];
      startedAt?: string;
      finishedAt?: string;
      url?: string;
    };
    PipelineRun: {
      /** @description `cdevents` or the id of the provider that reported it, e.g. `github-actions`. */
      provider: string;
      id: string;
      entityRef?: string;
      name: string;
      status: components['schemas']['PipelineStatus'];
      branch?: string;
      commit?: string;
      actor?: string;
      queuedAt?: string;
      startedAt?: string;
      finishedAt?: string;
      durationMs?: number;
      url?: string;
      stages: components['schemas']['PipelineStage'][];
    };
    Deployment: {
      provider: string;
      id: string;
      entityRef?: string;
      environment: string;
      /** @enum {string} */
      action: 'deployed' | 'upgraded' | 'rolledback' | 'removed';
      artifactId?: string;
      version?: string;
      commit?: string;
      pipelineRunId?: string;
      at: string;
      url?: string;
    };
    ProviderState: {
      provider: string;
      stale: boolean;
      message?: string;
      fetchedAt?: string;
      retryAt?: string;
    };
    CicdSummary: {
      entityRef: string;
      recentRuns: components['schemas']['PipelineRun'][];
      latestRunsByBranch: components['schemas']['PipelineRun'][];
      deployedByEnvironment: components['schemas']['Deployment'][];
      providers: components['schemas']['ProviderState'][];
    };
    CdEventsIngestResult: {
      received: number;
      /** @description Events not seen before, now stored. */
      stored: number;
      /** @description Events stored before (same source and id); nothing changed. */
      duplicates: number;
      /** @description New events tied to no catalog entity yet. */
      unmatched: number;
    };
    TimelineEntry: {
      id: string;
      at: string;
      kind: string;
      title: string;
      environment?: string;
      image?: string;
      version?: string;
      actor?: string;
      outcome?: string;
      url?: string;
      sources: ('cdevents' | 'portal' | 'cluster')[];
    };
    TimelinePage: {
      items: components['schemas']['TimelineEntry'][];
    };
    /** @description The definitions are in the delivery backend's README. */
    DoraFigures: {
      from: number;
      to: number;
      deployments: number;
      deploymentsPerDay: number | null;
      leadTimeMs: number | null;
      changesMeasured: number;
      changeFailureRate: number | null;
      failedDeployments: number;
      timeToRestoreMs: number | null;
      incidentsResolved: number;
      incidentsOpen: number;
    };
    DoraComparison: {
      entityRef: string;
      days: number;
      current: components['schemas']['DoraFigures'];
      previous: components['schemas']['DoraFigures'];
    };
    UnmatchedCdEvent: {
      id: number;
      source: string;
      eventId: string;
      type: string;
      subjectId: string;
      occurredAt: string;
      receivedAt: string;
    };
    UnmatchedCdEventsPage: {
      items: components['schemas']['UnmatchedCdEvent'][];
      nextBefore?: number;
    };
    /**
     * @description A readiness check's finding; unknown is never taken for open.
     * @enum {string}
     */
    GateCheckState: 'open' | 'closed' | 'unknown';
    GateRevision: {
      podTemplateHash: string;
      revision?: number;
      images: string[];
    };
    /** @description One readiness check of the release manager's gate. */
    GateCheckView: {
      id: string;
      title: string;
      state: components['schemas']['GateCheckState'];
      summary: string;
      evidence: string[];
      link?: string;
      override?: components['schemas']['GateSignature'];
    };
    /** @description Who decided, when, and why. */
    GateSignature: {
      by: string;
      at: string;
      reason?: string;
    };
    /** @description An approval, refusal or override, tied to the revision it was made for. */
    GateDecision: {
      id: string;
      entityRef: string;
      cluster: string;
      namespace: string;
      rollout: string;
      podTemplateHash: string;
      images: string[];
      /** @enum {string} */
      decision: 'approved' | 'refused' | 'overridden';
      checkId?: string;
      reason?: string;
      actor: string;
      createdAt: string;
    };
    /** @description The health of the release in flight of one Rollout: the canary (or blue/green preview) revision judged against the stable (or active) one from its metrics. Inconclusive whenever the data does not decide. */
    ReleaseHealth: {
      cluster: string;
      namespace: string;
      rollout: string;
      /** @enum {string} */
      strategy: 'canary' | 'blueGreen';
      /** @description Pod-template hash of the canary (or preview) revision. */
      canaryRevision?: string;
      /** @description Pod-template hash of the stable (or active) revision. */
      stableRevision?: string;
      window?: {
        /** @description ISO 8601 time. */
        start: string;
        /** @description ISO 8601 time. */
        end: string;
        stepSeconds: number;
      };
      /** @enum {string} */
      verdict: 'Pass' | 'Marginal' | 'Fail' | 'Inconclusive';
      /** @description 0–100, the weighted score of the metric groups. */
      score: number;
      reason: string;
      metrics: components['schemas']['ReleaseHealthMetric'][];
    };
    /** @description One metric, canary beside stable. */
    ReleaseHealthMetric: {
      name: string;
      group: string;
      /** @enum {string} */
      kind: 'errorRatio' | 'samples';
      /** @enum {string} */
      result: 'Pass' | 'High' | 'Low' | 'NoData';
      critical: boolean;
      reason: string;
      /** @description `ratio` for error ratios, else the metric's own unit. */
      unit?: string;
      /** @description Error ratio over the window, or the median sample. */
      canaryValue?: number;
      stableValue?: number;
      canaryRequests?: number;
      stableRequests?: number;
      /** @description The effect that counts as a regression, in words. */
      threshold: string;
      tolerance: number;
      evidenceNeeded?: {
        /** @enum {string} */
        unit: 'requests' | 'samples' | 'exposure';
        amount: number;
      };
      /** @description The metric's queries in Prometheus. */
      link?: string;
      /** @description One point per step, for a chart. */
      series: {
        /** @description Epoch milliseconds. */
        time: number;
        canary?: number;
        stable?: number;
      }[];
    };
    /** @description The release manager's gate of one Rollout in one cluster. */
    GateState: {
      entityRef: string;
      cluster: string;
      namespace: string;
      rollout: string;
      /** @description Whether the cluster is a gated environment. */
      gated: boolean;
      position?: {
        strategy: components['schemas']['RolloutStrategy'];
        stepIndex?: number;
      };
      /** @enum {string} */
      stage: 'none' | 'approaching' | 'waiting' | 'passed';
      candidate?: components['schemas']['GateRevision'];
      running?: components['schemas']['GateRevision'];
      checks: components['schemas']['GateCheckView'][];
      approval?: components['schemas']['GateSignature'];
      refusal?: components['schemas']['GateSignature'];
      decisions: components['schemas']['GateDecision'][];
      /** @description Whether a promotion may cross the gate now. */
      open: boolean;
      blockers: string[];
    };
    GateDecisionRequest: {
      /** @enum {string} */
      decision: 'approve' | 'refuse' | 'override';
      /** @description The check to override. */
      checkId?: string;
      /** @description Required to refuse or override. */
      reason?: string;
    };
    GateDecisionResponse: {
      decision: components['schemas']['GateDecision'];
      gate: components['schemas']['GateState'];
    };
    /** @description A release paused at a gate. */
    WaitingRelease: {
      entityRef: string;
      owner?: string;
      cluster: string;
      namespace: string;
      rollout: string;
      podTemplateHash: string;
      since?: string;
    };
    WaitingReleasesResponse: {
      items: components['schemas']['WaitingRelease'][];
    };
  };
  responses: {
    /** @description An error response from the backend. */
    ErrorResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json; charset=utf-8': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    /** @description Kind of the catalog entity, e.g. `component`. */
    kind: string;
    /** @description Namespace of the catalog entity, e.g. `default`. */
    namespace: string;
    /** @description Name of the catalog entity. */
    name: string;
    /** @description Name of a configured cluster. */
    cluster: string;
    /** @description Kubernetes namespace of the Rollout. */
    rolloutNamespace: string;
    /** @description Name of the Rollout. */
    rolloutName: string;
    /** @description A key the client makes once per intended action and resends on retries; the same key from the same user for the same entity answers the recorded result instead of acting twice. */
    idempotencyKey: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  GetEntityRollouts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Kind of the catalog entity, e.g. `component`. */
        kind: components['parameters']['kind'];
        /** @description Namespace of the catalog entity, e.g. `default`. */
        namespace: components['parameters']['namespace'];
        /** @description Name of the catalog entity. */
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ok */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityRolloutsResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  PostRolloutAction: {
    parameters: {
      query?: never;
      header?: {
        /** @description A key the client makes once per intended action and resends on retries; the same key from the same user for the same entity answers the recorded result instead of acting twice. */
        'Idempotency-Key'?: components['parameters']['idempotencyKey'];
      };
      path: {
        /** @description Kind of the catalog entity, e.g. `component`. */
        kind: components['parameters']['kind'];
        /** @description Namespace of the catalog entity, e.g. `default`. */
        namespace: components['parameters']['namespace'];
        /** @description Name of the catalog entity. */
        name: components['parameters']['name'];
        /** @description Name of a configured cluster. */
        cluster: components['parameters']['cluster'];
        /** @description Kubernetes namespace of the Rollout. */
        rolloutNamespace: components['parameters']['rolloutNamespace'];
        /** @description Name of the Rollout. */
        rolloutName: components['parameters']['rolloutName'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ActionRequest'];
      };
    };
    responses: {
      /** @description The recorded result of an earlier request with the same Idempotency-Key. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ActionResponse'];
        };
      };
      /** @description The action was applied and recorded. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ActionResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetReleaseHealth: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Kind of the catalog entity, e.g. `component`. */
        kind: components['parameters']['kind'];
        /** @description Namespace of the catalog entity, e.g. `default`. */
        namespace: components['parameters']['namespace'];
        /** @description Name of the catalog entity. */
        name: components['parameters']['name'];
        /** @description Name of a configured cluster. */
        cluster: components['parameters']['cluster'];
        /** @description Kubernetes namespace of the Rollout. */
        rolloutNamespace: components['parameters']['rolloutNamespace'];
        /** @description Name of the Rollout. */
        rolloutName: components['parameters']['rolloutName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The release health as judged now. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReleaseHealth'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetRolloutGate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Kind of the catalog entity, e.g. `component`. */
        kind: components['parameters']['kind'];
        /** @description Namespace of the catalog entity, e.g. `default`. */
        namespace: components['parameters']['namespace'];
        /** @description Name of the catalog entity. */
        name: components['parameters']['name'];
        /** @description Name of a configured cluster. */
        cluster: components['parameters']['cluster'];
        /** @description Kubernetes namespace of the Rollout. */
        rolloutNamespace: components['parameters']['rolloutNamespace'];
        /** @description Name of the Rollout. */
        rolloutName: components['parameters']['rolloutName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The gate as read now. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GateState'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  PostGateDecision: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Kind of the catalog entity, e.g. `component`. */
        kind: components['parameters']['kind'];
        /** @description Namespace of the catalog entity, e.g. `default`. */
        namespace: components['parameters']['namespace'];
        /** @description Name of the catalog entity. */
        name: components['parameters']['name'];
        /** @description Name of a configured cluster. */
        cluster: components['parameters']['cluster'];
        /** @description Kubernetes namespace of the Rollout. */
        rolloutNamespace: components['parameters']['rolloutNamespace'];
        /** @description Name of the Rollout. */
        rolloutName: components['parameters']['rolloutName'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['GateDecisionRequest'];
      };
    };
    responses: {
      /** @description The decision was recorded. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['GateDecisionResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetWaitingReleases: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The waiting releases of entities the caller may see. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WaitingReleasesResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetReleaseHistory: {
    parameters: {
      query?: {
        entityRef?: string;
        cluster?: string;
        action?: components['schemas']['DeliveryAction'];
        outcome?: 'succeeded' | 'failed' | 'unknown';
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ok */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReleaseHistoryPage'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetReleasesInFlight: {
    parameters: {
      query?: {
        /** @description Owner entity ref, e.g. `group:default/team-checkout` or `team-checkout`. */
        owner?: string;
        phase?: components['schemas']['RolloutPhase'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ok */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReleasesInFlightResponse'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  PostCdEvents: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/cloudevents+json': Record<string, never>;
        'application/cloudevents-batch+json': Record<string, never>[];
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** @description Every event is stored, now or before. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CdEventsIngestResult'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetEntityCicdSummary: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Kind of the catalog entity, e.g. `component`. */
        kind: components['parameters']['kind'];
        /** @description Namespace of the catalog entity, e.g. `default`. */
        namespace: components['parameters']['namespace'];
        /** @description Name of the catalog entity. */
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ok */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CicdSummary'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetEntityTimeline: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        /** @description Kind of the catalog entity, e.g. `component`. */
        kind: components['parameters']['kind'];
        /** @description Namespace of the catalog entity, e.g. `default`. */
        namespace: components['parameters']['namespace'];
        /** @description Name of the catalog entity. */
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ok */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TimelinePage'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetEntityDora: {
    parameters: {
      query?: {
        days?: number;
      };
      header?: never;
      path: {
        /** @description Kind of the catalog entity, e.g. `component`. */
        kind: components['parameters']['kind'];
        /** @description Namespace of the catalog entity, e.g. `default`. */
        namespace: components['parameters']['namespace'];
        /** @description Name of the catalog entity. */
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ok */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DoraComparison'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  PostRerunPipelineRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description Kind of the catalog entity, e.g. `component`. */
        kind: components['parameters']['kind'];
        /** @description Namespace of the catalog entity, e.g. `default`. */
        namespace: components['parameters']['namespace'];
        /** @description Name of the catalog entity. */
        name: components['parameters']['name'];
        provider: string;
        runId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The provider accepted the re-run. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            status: string;
          };
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
  GetUnmatchedCdEvents: {
    parameters: {
      query?: {
        limit?: number;
        before?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Ok */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UnmatchedCdEventsPage'];
        };
      };
      default: components['responses']['ErrorResponse'];
    };
  };
}
