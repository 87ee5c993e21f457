// Generated from plugins/delivery-backend/src/schema/openapi.yaml by
// `yarn workspace @internal/plugin-delivery-backend generate`.
// Do not edit: change openapi.yaml and run that command.

import { createValidatedOpenApiRouterFromGeneratedEndpointMap } from '@backstage/backend-openapi-utils';
import { EndpointMap } from './apis/Api.server';

export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'delivery',
    version: '1',
    description:
      'Argo Rollouts releases of catalog entities: their state in every cluster, the actions people take on them (promote, promote fully, abort, retry, roll back) and the history of those actions.',
    license: {
      name: 'UNLICENSED',
    },
    contact: {},
  },
  servers: [
    {
      url: '/',
    },
  ],
  components: {
    examples: {},
    headers: {},
    parameters: {
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        description: 'Kind of the catalog entity, e.g. `component`.',
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        description: 'Namespace of the catalog entity, e.g. `default`.',
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        description: 'Name of the catalog entity.',
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
      cluster: {
        name: 'cluster',
        in: 'path',
        required: true,
        description: 'Name of a configured cluster.',
        schema: {
          type: 'string',
          minLength: 1,
        },
      },
      rolloutNamespace: {
        name: 'rolloutNamespace',
        in: 'path',
        required: true,
        description: 'Kubernetes namespace of the Rollout.',
        schema: {
          type: 'string',
          pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
          maxLength: 63,
        },
      },
      rolloutName: {
        name: 'rolloutName',
        in: 'path',
        required: true,
        description: 'Name of the Rollout.',
        schema: {
          type: 'string',
          pattern: '^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$',
          maxLength: 253,
        },
      },
      idempotencyKey: {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'A key the client makes once per intended action and resends on retries; the same key from the same user for the same entity answers the recorded result instead of acting twice.',
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 255,
        },
      },
    },
    requestBodies: {},
    responses: {
      ErrorResponse: {
        description: 'An error response from the backend.',
        content: {
          'application/json; charset=utf-8': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            required: ['name', 'message'],
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
            required: ['method', 'url'],
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'number',
              },
            },
            required: ['statusCode'],
          },
        },
        required: ['error', 'request', 'response'],
      },
      DeliveryAction: {
        type: 'string',
        description:
          'What a user can do to a rollout; the names follow `kubectl argo rollouts promote | promote --full | abort | retry | undo`.',
        enum: ['promote', 'promoteFull', 'abort', 'retry', 'rollback'],
      },
      ActionAvailability: {
        type: 'object',
        description: 'Whether the caller may take one action now, and why not.',
        properties: {
          action: {
            $ref: '#/components/schemas/DeliveryAction',
          },
          allowed: {
            type: 'boolean',
          },
          refusedBy: {
            type: 'string',
            description:
              "What stands in the way, the first of: the permission policy, the entity acted through (another entity owns or also claims the rollout), the rollout's state, the release manager's gate.",
            enum: ['permission', 'ownership', 'state', 'gate'],
          },
          reason: {
            type: 'string',
            description:
              'Why not, in words for the caller; absent when allowed.',
          },
        },
        required: ['action', 'allowed'],
      },
      RolloutPhase: {
        type: 'string',
        description:
          "Argo Rollouts' phases, plus `Unknown` when the controller has not yet observed the current spec.",
        enum: ['Progressing', 'Paused', 'Healthy', 'Degraded', 'Unknown'],
      },
      RolloutStrategy: {
        type: 'string',
        enum: ['canary', 'blueGreen'],
      },
      RolloutStep: {
        description:
          'One canary step, simplified for display; `type` tells which of the shapes it has.',
        oneOf: [
          {
            $ref: '#/components/schemas/SetWeightStep',
          },
          {
            $ref: '#/components/schemas/SetCanaryScaleStep',
          },
          {
            $ref: '#/components/schemas/PauseStep',
          },
          {
            $ref: '#/components/schemas/AnalysisStep',
          },
          {
            $ref: '#/components/schemas/ExperimentStep',
          },
          {
            $ref: '#/components/schemas/OtherStep',
          },
        ],
      },
      SetWeightStep: {
        type: 'object',
        description: 'Sends `weight` percent of the traffic to the canary.',
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            enum: ['setWeight'],
          },
          weight: {
            type: 'integer',
          },
        },
        required: ['type', 'weight'],
      },
      SetCanaryScaleStep: {
        type: 'object',
        description:
          "Sizes the canary apart from its traffic weight (needs a traffic router): `replicas` pods, `weight` percent of the Rollout's replicas, or, with `matchTrafficWeight`, pods that follow the weight again.",
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            enum: ['setCanaryScale'],
          },
          replicas: {
            type: 'integer',
          },
          weight: {
            type: 'integer',
          },
          matchTrafficWeight: {
            type: 'boolean',
          },
        },
        required: ['type'],
      },
      PauseStep: {
        type: 'object',
        description:
          'Waits for `duration`, or for a person to promote when absent.',
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            enum: ['pause'],
          },
          duration: {
            type: 'string',
          },
        },
        required: ['type'],
      },
      AnalysisStep: {
        type: 'object',
        description:
          'Runs the named AnalysisTemplates and waits for their verdict.',
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            enum: ['analysis'],
          },
          templates: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['type', 'templates'],
      },
      ExperimentStep: {
        type: 'object',
        description: 'Runs an Argo Rollouts experiment.',
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            enum: ['experiment'],
          },
        },
        required: ['type'],
      },
      OtherStep: {
        type: 'object',
        description:
          'A step the portal does not describe further, by its Argo Rollouts name.',
        additionalProperties: false,
        properties: {
          type: {
            type: 'string',
            enum: ['other'],
          },
          name: {
            type: 'string',
          },
        },
        required: ['type', 'name'],
      },
      RolloutRevision: {
        type: 'object',
        description:
          "A revision of the rollout's pod template (one ReplicaSet).",
        properties: {
          revision: {
            type: 'integer',
          },
          podTemplateHash: {
            type: 'string',
          },
          images: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          replicas: {
            type: 'integer',
          },
          readyReplicas: {
            type: 'integer',
          },
          createdAt: {
            type: 'string',
          },
          role: {
            type: 'string',
            description: 'Role of this revision right now.',
            enum: ['stable', 'canary', 'active', 'preview', 'old'],
          },
        },
        required: [
          'revision',
          'podTemplateHash',
          'images',
          'replicas',
          'readyReplicas',
          'role',
        ],
      },
      AnalysisMeasurement: {
        type: 'object',
        properties: {
          phase: {
            type: 'string',
          },
          value: {
            type: 'string',
          },
          startedAt: {
            type: 'string',
          },
          finishedAt: {
            type: 'string',
          },
        },
        required: ['phase'],
      },
      AnalysisMetricResult: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          phase: {
            type: 'string',
          },
          successful: {
            type: 'integer',
          },
          failed: {
            type: 'integer',
          },
          inconclusive: {
            type: 'integer',
          },
          error: {
            type: 'integer',
          },
          message: {
            type: 'string',
          },
          successCondition: {
            type: 'string',
            description:
              "The metric's `successCondition` from the AnalysisRun's spec: the threshold a measurement must meet.",
          },
          failureCondition: {
            type: 'string',
            description:
              "The metric's `failureCondition` from the AnalysisRun's spec.",
          },
          measurements: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AnalysisMeasurement',
            },
          },
        },
        required: [
          'name',
          'phase',
          'successful',
          'failed',
          'inconclusive',
          'error',
          'measurements',
        ],
      },
      AnalysisRunSummary: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          phase: {
            type: 'string',
            description:
              "The AnalysisRun's phase as Argo Rollouts reports it (`Pending`, `Running`, `Successful`, `Failed`, `Error`, `Inconclusive`); `Pending` when it has none yet.",
          },
          message: {
            type: 'string',
          },
          revision: {
            type: 'integer',
          },
          stepIndex: {
            type: 'integer',
            description:
              "The canary step that started the run (Argo Rollouts' `step-index` label); absent for background, pre- and post-promotion analysis.",
          },
          startedAt: {
            type: 'string',
          },
          metrics: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AnalysisMetricResult',
            },
          },
        },
        required: ['name', 'phase', 'metrics'],
      },
      PauseCondition: {
        type: 'object',
        properties: {
          reason: {
            type: 'string',
          },
          startTime: {
            type: 'string',
          },
        },
        required: ['reason'],
      },
      RolloutSummary: {
        type: 'object',
        description: 'Everything the portal shows about one Argo Rollout.',
        properties: {
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          strategy: {
            $ref: '#/components/schemas/RolloutStrategy',
          },
          phase: {
            $ref: '#/components/schemas/RolloutPhase',
          },
          message: {
            type: 'string',
          },
          statusObserved: {
            type: 'boolean',
            description:
              'False while the controller has not observed the current spec (`status.observedGeneration` behind `metadata.generation`): phase and steps may then describe the previous spec.',
          },
          aborted: {
            type: 'boolean',
          },
          paused: {
            type: 'boolean',
          },
          pauseConditions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PauseCondition',
            },
          },
          steps: {
            type: 'array',
            description: 'Canary steps; empty for blue/green.',
            items: {
              $ref: '#/components/schemas/RolloutStep',
            },
          },
          currentStepIndex: {
            type: 'integer',
          },
          weights: {
            type: 'object',
            properties: {
              canary: {
                type: 'integer',
              },
              stable: {
                type: 'integer',
              },
              replicaBased: {
                type: 'object',
                description:
                  "Present when no traffic router is configured: Argo Rollouts then approximates the step's weight by pod counts, and `canary` is `canaryPods` of `availablePods`, which may differ from the step's weight.",
                properties: {
                  canaryPods: {
                    type: 'integer',
                  },
                  availablePods: {
                    type: 'integer',
                  },
                },
                required: ['canaryPods', 'availablePods'],
              },
            },
            required: ['canary', 'stable'],
          },
          replicas: {
            type: 'object',
            properties: {
              desired: {
                type: 'integer',
              },
              ready: {
                type: 'integer',
              },
              updated: {
                type: 'integer',
              },
              available: {
                type: 'integer',
              },
            },
            required: ['desired', 'ready', 'updated', 'available'],
          },
          stableRevision: {
            $ref: '#/components/schemas/RolloutRevision',
          },
          canaryRevision: {
            $ref: '#/components/schemas/RolloutRevision',
          },
          revisions: {
            type: 'array',
            description:
              'Every revision still known to the cluster, newest first.',
            items: {
              $ref: '#/components/schemas/RolloutRevision',
            },
          },
          rollbackTargets: {
            type: 'array',
            description: 'Revisions one can roll back to, newest first.',
            items: {
              type: 'integer',
            },
          },
          blueGreen: {
            type: 'object',
            properties: {
              activeService: {
                type: 'string',
              },
              previewService: {
                type: 'string',
              },
              activeSelector: {
                type: 'string',
              },
              previewSelector: {
                type: 'string',
              },
            },
          },
          analysisRuns: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AnalysisRunSummary',
            },
          },
          availableActions: {
            type: 'array',
            description: 'Actions that make sense in the current state.',
            items: {
              $ref: '#/components/schemas/DeliveryAction',
            },
          },
          actions: {
            type: 'array',
            description:
              "One entry per action: whether the caller may take it now and, if not, why. Answered by the entity's rollouts read, which knows who asks; absent from an action's response (read the rollouts again).",
            items: {
              $ref: '#/components/schemas/ActionAvailability',
            },
          },
          resourceVersion: {
            type: 'string',
          },
        },
        required: [
          'cluster',
          'namespace',
          'name',
          'strategy',
          'phase',
          'statusObserved',
          'aborted',
          'paused',
          'pauseConditions',
          'steps',
          'replicas',
          'revisions',
          'rollbackTargets',
          'analysisRuns',
          'availableActions',
          'resourceVersion',
        ],
      },
      ClusterRollouts: {
        type: 'object',
        description:
          'Rollouts of one entity in one cluster, or why they could not be read.',
        properties: {
          cluster: {
            type: 'string',
          },
          rollouts: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RolloutSummary',
            },
          },
          error: {
            type: 'object',
            properties: {
              message: {
                type: 'string',
              },
              statusCode: {
                type: 'integer',
              },
            },
            required: ['message'],
          },
          stale: {
            type: 'object',
            description:
              "The cluster's changes stopped arriving (its watch broke and is being re-established): the rollouts are as they were at `since`.",
            properties: {
              since: {
                type: 'string',
                description: 'ISO 8601 time.',
              },
              message: {
                type: 'string',
              },
            },
            required: ['since', 'message'],
          },
        },
        required: ['cluster', 'rollouts'],
      },
      EntityRolloutsResponse: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          clusters: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ClusterRollouts',
            },
          },
        },
        required: ['entityRef', 'clusters'],
      },
      ActionRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          action: {
            $ref: '#/components/schemas/DeliveryAction',
          },
          revision: {
            type: 'integer',
            minimum: 1,
            description:
              'For `rollback`, the revision to go back to; the previous one when absent.',
          },
          reason: {
            type: 'string',
            maxLength: 1000,
          },
          resourceVersion: {
            type: 'string',
            minLength: 1,
            maxLength: 64,
            description:
              "The rollout's resourceVersion as the user saw it; when given, the action applies only if the rollout has not changed since (else 409).",
          },
        },
        required: ['action'],
      },
      ReleaseRecord: {
        type: 'object',
        description: 'One row of the release history.',
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          rollout: {
            type: 'string',
          },
          action: {
            $ref: '#/components/schemas/DeliveryAction',
          },
          actor: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          revisionBefore: {
            type: 'integer',
          },
          revisionAfter: {
            type: 'integer',
          },
          outcome: {
            type: 'string',
            description:
              "unknown: the cluster's answer was lost and the rollout could not be read back yet, so the action may have been applied.",
            enum: ['succeeded', 'failed', 'unknown'],
          },
          error: {
            type: 'string',
          },
          reconciliation: {
            type: 'string',
            description:
              "How the outcome was established when the cluster's answer was lost or the backend stopped mid-action: what reading the rollout back showed.",
          },
          step: {
            $ref: '#/components/schemas/ReleaseStep',
          },
          createdAt: {
            type: 'string',
          },
        },
        required: [
          'id',
          'entityRef',
          'cluster',
          'namespace',
          'rollout',
          'action',
          'actor',
          'outcome',
          'createdAt',
        ],
      },
      ReleaseStep: {
        type: 'object',
        description:
          'The canary steps a promotion moved the rollout across: from step `from` to step `to` of `count` (1-based); `to` past `count` means every step was done and the rollout fully promoted. `target` is the step it moved to, as it was then.',
        properties: {
          from: {
            type: 'integer',
          },
          to: {
            type: 'integer',
          },
          count: {
            type: 'integer',
          },
          target: {
            $ref: '#/components/schemas/RolloutStep',
          },
        },
        required: ['from', 'to', 'count'],
      },
      ActionResponse: {
        type: 'object',
        properties: {
          record: {
            $ref: '#/components/schemas/ReleaseRecord',
          },
          rollout: {
            $ref: '#/components/schemas/RolloutSummary',
          },
        },
        required: ['record'],
      },
      ReleaseHistoryPage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ReleaseRecord',
            },
          },
          nextCursor: {
            type: 'string',
            description: 'Pass as `cursor` to get the next (older) page.',
          },
        },
        required: ['items'],
      },
      ReleaseInFlight: {
        type: 'object',
        description:
          'A rollout in flight anywhere in the catalog, for the Releases page.',
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          rollout: {
            type: 'string',
          },
          strategy: {
            $ref: '#/components/schemas/RolloutStrategy',
          },
          phase: {
            $ref: '#/components/schemas/RolloutPhase',
          },
          message: {
            type: 'string',
          },
          currentStepIndex: {
            type: 'integer',
          },
          totalSteps: {
            type: 'integer',
          },
          canaryWeight: {
            type: 'integer',
          },
          images: {
            type: 'array',
            description:
              "The images serving now (the stable revision's, when one is known).",
            items: {
              type: 'string',
            },
          },
          candidateImages: {
            type: 'array',
            description:
              'The images of the revision being rolled out, when they differ from `images`.',
            items: {
              type: 'string',
            },
          },
          aborted: {
            type: 'boolean',
            description:
              'The rollout was aborted (its phase is then Degraded, as Argo Rollouts reports it).',
          },
          startedAt: {
            type: 'string',
            description: 'When the revision being rolled out was created.',
          },
          ownerTitle: {
            type: 'string',
            description:
              "The owner's display name (`metadata.title`), when it has one.",
          },
        },
        required: [
          'entityRef',
          'cluster',
          'namespace',
          'rollout',
          'strategy',
          'phase',
          'images',
        ],
      },
      ReleasesInFlightResponse: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ReleaseInFlight',
            },
          },
          clusterErrors: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                cluster: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
              required: ['cluster', 'message'],
            },
          },
          staleClusters: {
            type: 'array',
            description:
              'Clusters whose changes stopped arriving; their releases are as they were at `since`.',
            items: {
              type: 'object',
              properties: {
                cluster: {
                  type: 'string',
                },
                since: {
                  type: 'string',
                  description: 'ISO 8601 time.',
                },
                message: {
                  type: 'string',
                },
              },
              required: ['cluster', 'since', 'message'],
            },
          },
        },
        required: ['items', 'clusterErrors'],
      },
      PipelineStatus: {
        type: 'string',
        description:
          'How a run or stage stands; `unknown` when the provider did not say, never shown as a pass.',
        enum: [
          'queued',
          'running',
          'succeeded',
          'failed',
          'errored',
          'cancelled',
          'unknown',
        ],
      },
      PipelineStage: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          status: {
            $ref: '#/components/schemas/PipelineStatus',
          },
          startedAt: {
            type: 'string',
          },
          finishedAt: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
        },
        required: ['id', 'name', 'status'],
      },
      PipelineRun: {
        type: 'object',
        properties: {
          provider: {
            type: 'string',
            description:
              '`cdevents` or the id of the provider that reported it, e.g. `github-actions`.',
          },
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          status: {
            $ref: '#/components/schemas/PipelineStatus',
          },
          branch: {
            type: 'string',
          },
          commit: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          queuedAt: {
            type: 'string',
          },
          startedAt: {
            type: 'string',
          },
          finishedAt: {
            type: 'string',
          },
          durationMs: {
            type: 'number',
          },
          url: {
            type: 'string',
          },
          stages: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PipelineStage',
            },
          },
        },
        required: ['provider', 'id', 'name', 'status', 'stages'],
      },
      Deployment: {
        type: 'object',
        properties: {
          provider: {
            type: 'string',
          },
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          environment: {
            type: 'string',
          },
          action: {
            type: 'string',
            enum: ['deployed', 'upgraded', 'rolledback', 'removed'],
          },
          artifactId: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          commit: {
            type: 'string',
          },
          pipelineRunId: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
        },
        required: ['provider', 'id', 'environment', 'action', 'at'],
      },
      ProviderState: {
        type: 'object',
        properties: {
          provider: {
            type: 'string',
          },
          stale: {
            type: 'boolean',
          },
          message: {
            type: 'string',
          },
          fetchedAt: {
            type: 'string',
          },
          retryAt: {
            type: 'string',
          },
        },
        required: ['provider', 'stale'],
      },
      CicdSummary: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          recentRuns: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PipelineRun',
            },
          },
          latestRunsByBranch: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PipelineRun',
            },
          },
          deployedByEnvironment: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Deployment',
            },
          },
          providers: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ProviderState',
            },
          },
        },
        required: [
          'entityRef',
          'recentRuns',
          'latestRunsByBranch',
          'deployedByEnvironment',
          'providers',
        ],
      },
      CdEventsIngestResult: {
        type: 'object',
        properties: {
          received: {
            type: 'integer',
          },
          stored: {
            type: 'integer',
            description: 'Events not seen before, now stored.',
          },
          duplicates: {
            type: 'integer',
            description:
              'Events stored before (same source and id); nothing changed.',
          },
          unmatched: {
            type: 'integer',
            description: 'New events tied to no catalog entity yet.',
          },
        },
        required: ['received', 'stored', 'duplicates', 'unmatched'],
      },
      TimelineEntry: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          environment: {
            type: 'string',
          },
          image: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          outcome: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
          sources: {
            type: 'array',
            items: {
              type: 'string',
              enum: ['cdevents', 'portal', 'cluster'],
            },
          },
        },
        required: ['id', 'at', 'kind', 'title', 'sources'],
      },
      TimelinePage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TimelineEntry',
            },
          },
        },
        required: ['items'],
      },
      DoraFigures: {
        type: 'object',
        description: "The definitions are in the delivery backend's README.",
        properties: {
          from: {
            type: 'number',
          },
          to: {
            type: 'number',
          },
          deployments: {
            type: 'integer',
          },
          deploymentsPerDay: {
            type: 'number',
            nullable: true,
          },
          leadTimeMs: {
            type: 'number',
            nullable: true,
          },
          changesMeasured: {
            type: 'integer',
          },
          changeFailureRate: {
            type: 'number',
            nullable: true,
          },
          failedDeployments: {
            type: 'integer',
          },
          timeToRestoreMs: {
            type: 'number',
            nullable: true,
          },
          incidentsResolved: {
            type: 'integer',
          },
          incidentsOpen: {
            type: 'integer',
          },
        },
        required: [
          'from',
          'to',
          'deployments',
          'deploymentsPerDay',
          'leadTimeMs',
          'changesMeasured',
          'changeFailureRate',
          'failedDeployments',
          'timeToRestoreMs',
          'incidentsResolved',
          'incidentsOpen',
        ],
      },
      DoraComparison: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          days: {
            type: 'integer',
          },
          current: {
            $ref: '#/components/schemas/DoraFigures',
          },
          previous: {
            $ref: '#/components/schemas/DoraFigures',
          },
        },
        required: ['entityRef', 'days', 'current', 'previous'],
      },
      UnmatchedCdEvent: {
        type: 'object',
        properties: {
          id: {
            type: 'integer',
          },
          source: {
            type: 'string',
          },
          eventId: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          subjectId: {
            type: 'string',
          },
          occurredAt: {
            type: 'string',
          },
          receivedAt: {
            type: 'string',
          },
        },
        required: [
          'id',
          'source',
          'eventId',
          'type',
          'subjectId',
          'occurredAt',
          'receivedAt',
        ],
      },
      UnmatchedCdEventsPage: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/UnmatchedCdEvent',
            },
          },
          nextBefore: {
            type: 'integer',
          },
        },
        required: ['items'],
      },
      GateCheckState: {
        type: 'string',
        description:
          "A readiness check's finding; unknown is never taken for open.",
        enum: ['open', 'closed', 'unknown'],
      },
      GateRevision: {
        type: 'object',
        properties: {
          podTemplateHash: {
            type: 'string',
          },
          revision: {
            type: 'integer',
          },
          images: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['podTemplateHash', 'images'],
      },
      GateCheckView: {
        type: 'object',
        description: "One readiness check of the release manager's gate.",
        properties: {
          id: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/GateCheckState',
          },
          summary: {
            type: 'string',
          },
          evidence: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          link: {
            type: 'string',
          },
          override: {
            $ref: '#/components/schemas/GateSignature',
          },
        },
        required: ['id', 'title', 'state', 'summary', 'evidence'],
      },
      GateSignature: {
        type: 'object',
        description: 'Who decided, when, and why.',
        properties: {
          by: {
            type: 'string',
          },
          at: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
        },
        required: ['by', 'at'],
      },
      GateDecision: {
        type: 'object',
        description:
          'An approval, refusal or override, tied to the revision it was made for.',
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          rollout: {
            type: 'string',
          },
          podTemplateHash: {
            type: 'string',
          },
          images: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          decision: {
            type: 'string',
            enum: ['approved', 'refused', 'overridden'],
          },
          checkId: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          createdAt: {
            type: 'string',
          },
        },
        required: [
          'id',
          'entityRef',
          'cluster',
          'namespace',
          'rollout',
          'podTemplateHash',
          'images',
          'decision',
          'actor',
          'createdAt',
        ],
      },
      ReleaseHealth: {
        type: 'object',
        description:
          'The health of the release in flight of one Rollout: the canary (or blue/green preview) revision judged against the stable (or active) one from its metrics. Inconclusive whenever the data does not decide.',
        properties: {
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          rollout: {
            type: 'string',
          },
          strategy: {
            type: 'string',
            enum: ['canary', 'blueGreen'],
          },
          canaryRevision: {
            type: 'string',
            description:
              'Pod-template hash of the canary (or preview) revision.',
          },
          stableRevision: {
            type: 'string',
            description:
              'Pod-template hash of the stable (or active) revision.',
          },
          window: {
            type: 'object',
            properties: {
              start: {
                type: 'string',
                description: 'ISO 8601 time.',
              },
              end: {
                type: 'string',
                description: 'ISO 8601 time.',
              },
              stepSeconds: {
                type: 'number',
              },
            },
            required: ['start', 'end', 'stepSeconds'],
          },
          verdict: {
            type: 'string',
            enum: ['Pass', 'Marginal', 'Fail', 'Inconclusive'],
          },
          score: {
            type: 'number',
            description: '0–100, the weighted score of the metric groups.',
          },
          reason: {
            type: 'string',
          },
          metrics: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ReleaseHealthMetric',
            },
          },
        },
        required: [
          'cluster',
          'namespace',
          'rollout',
          'strategy',
          'verdict',
          'score',
          'reason',
          'metrics',
        ],
      },
      ReleaseHealthMetric: {
        type: 'object',
        description: 'One metric, canary beside stable.',
        properties: {
          name: {
            type: 'string',
          },
          group: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: ['errorRatio', 'samples'],
          },
          result: {
            type: 'string',
            enum: ['Pass', 'High', 'Low', 'NoData'],
          },
          critical: {
            type: 'boolean',
          },
          reason: {
            type: 'string',
          },
          unit: {
            type: 'string',
            description:
              "`ratio` for error ratios, else the metric's own unit.",
          },
          canaryValue: {
            type: 'number',
            description: 'Error ratio over the window, or the median sample.',
          },
          stableValue: {
            type: 'number',
          },
          canaryRequests: {
            type: 'number',
          },
          stableRequests: {
            type: 'number',
          },
          threshold: {
            type: 'string',
            description: 'The effect that counts as a regression, in words.',
          },
          tolerance: {
            type: 'number',
          },
          evidenceNeeded: {
            type: 'object',
            properties: {
              unit: {
                type: 'string',
                enum: ['requests', 'samples', 'exposure'],
              },
              amount: {
                type: 'number',
              },
            },
            required: ['unit', 'amount'],
          },
          link: {
            type: 'string',
            description: "The metric's queries in Prometheus.",
          },
          series: {
            type: 'array',
            description: 'One point per step, for a chart.',
            items: {
              type: 'object',
              properties: {
                time: {
                  type: 'number',
                  description: 'Epoch milliseconds.',
                },
                canary: {
                  type: 'number',
                },
                stable: {
                  type: 'number',
                },
              },
              required: ['time'],
            },
          },
        },
        required: [
          'name',
          'group',
          'kind',
          'result',
          'critical',
          'reason',
          'threshold',
          'tolerance',
          'series',
        ],
      },
      GateState: {
        type: 'object',
        description:
          "The release manager's gate of one Rollout in one cluster.",
        properties: {
          entityRef: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          rollout: {
            type: 'string',
          },
          gated: {
            type: 'boolean',
            description: 'Whether the cluster is a gated environment.',
          },
          position: {
            type: 'object',
            properties: {
              strategy: {
                $ref: '#/components/schemas/RolloutStrategy',
              },
              stepIndex: {
                type: 'integer',
              },
            },
            required: ['strategy'],
          },
          stage: {
            type: 'string',
            enum: ['none', 'approaching', 'waiting', 'passed'],
          },
          candidate: {
            $ref: '#/components/schemas/GateRevision',
          },
          running: {
            $ref: '#/components/schemas/GateRevision',
          },
          checks: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/GateCheckView',
            },
          },
          approval: {
            $ref: '#/components/schemas/GateSignature',
          },
          refusal: {
            $ref: '#/components/schemas/GateSignature',
          },
          decisions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/GateDecision',
            },
          },
          open: {
            type: 'boolean',
            description: 'Whether a promotion may cross the gate now.',
          },
          blockers: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: [
          'entityRef',
          'cluster',
          'namespace',
          'rollout',
          'gated',
          'stage',
          'checks',
          'decisions',
          'open',
          'blockers',
        ],
      },
      GateDecisionRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          decision: {
            type: 'string',
            enum: ['approve', 'refuse', 'override'],
          },
          checkId: {
            type: 'string',
            maxLength: 64,
            description: 'The check to override.',
          },
          reason: {
            type: 'string',
            maxLength: 2000,
            description: 'Required to refuse or override.',
          },
        },
        required: ['decision'],
      },
      GateDecisionResponse: {
        type: 'object',
        properties: {
          decision: {
            $ref: '#/components/schemas/GateDecision',
          },
          gate: {
            $ref: '#/components/schemas/GateState',
          },
        },
        required: ['decision', 'gate'],
      },
      WaitingRelease: {
        type: 'object',
        description: 'A release paused at a gate.',
        properties: {
          entityRef: {
            type: 'string',
          },
          owner: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          rollout: {
            type: 'string',
          },
          podTemplateHash: {
            type: 'string',
          },
          since: {
            type: 'string',
          },
        },
        required: [
          'entityRef',
          'cluster',
          'namespace',
          'rollout',
          'podTemplateHash',
        ],
      },
      WaitingReleasesResponse: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/WaitingRelease',
            },
          },
        },
        required: ['items'],
      },
    },
    securitySchemes: {
      JWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      },
    },
  },
  paths: {
    '/entities/{kind}/{namespace}/{name}/rollouts': {
      get: {
        operationId: 'GetEntityRollouts',
        description:
          'The Argo Rollouts of one catalog entity in every cluster it runs in. A cluster that cannot be read carries an `error`; the others still answer.',
        tags: ['Rollouts'],
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityRolloutsResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/actions':
      {
        post: {
          operationId: 'PostRolloutAction',
          description:
            "Promote, fully promote, abort, retry or roll back one Rollout of the entity, as `kubectl argo rollouts` would, guarded by the Rollout's resourceVersion.",
          tags: ['Rollouts'],
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/rolloutNamespace',
            },
            {
              $ref: '#/components/parameters/rolloutName',
            },
            {
              $ref: '#/components/parameters/idempotencyKey',
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ActionRequest',
                },
              },
            },
          },
          responses: {
            '200': {
              description:
                'The recorded result of an earlier request with the same Idempotency-Key.',
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/ActionResponse',
                  },
                },
              },
            },
            '201': {
              description: 'The action was applied and recorded.',
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/ActionResponse',
                  },
                },
              },
            },
            default: {
              $ref: '#/components/responses/ErrorResponse',
            },
          },
          security: [
            {},
            {
              JWT: [],
            },
          ],
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/health':
      {
        get: {
          operationId: 'GetReleaseHealth',
          description:
            'The release health of one Rollout: the verdict on its canary (or preview) revision against the stable (or active) one, per metric with both values, the threshold, the evidence still needed and the series.',
          tags: ['Rollouts'],
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/rolloutNamespace',
            },
            {
              $ref: '#/components/parameters/rolloutName',
            },
          ],
          responses: {
            '200': {
              description: 'The release health as judged now.',
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/ReleaseHealth',
                  },
                },
              },
            },
            default: {
              $ref: '#/components/responses/ErrorResponse',
            },
          },
          security: [
            {},
            {
              JWT: [],
            },
          ],
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/gate':
      {
        get: {
          operationId: 'GetRolloutGate',
          description:
            "The release manager's gate of one Rollout: its readiness checks with evidence, the decisions on the candidate revision, and whether a promotion may cross it.",
          tags: ['Gate'],
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/rolloutNamespace',
            },
            {
              $ref: '#/components/parameters/rolloutName',
            },
          ],
          responses: {
            '200': {
              description: 'The gate as read now.',
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/GateState',
                  },
                },
              },
            },
            default: {
              $ref: '#/components/responses/ErrorResponse',
            },
          },
          security: [
            {},
            {
              JWT: [],
            },
          ],
        },
      },
    '/entities/{kind}/{namespace}/{name}/rollouts/{cluster}/{rolloutNamespace}/{rolloutName}/gate/decisions':
      {
        post: {
          operationId: 'PostGateDecision',
          description:
            'Approve or refuse the release waiting at the gate, or override one of its checks with a reason. Release managers only; not the person who started or promoted the release.',
          tags: ['Gate'],
          parameters: [
            {
              $ref: '#/components/parameters/kind',
            },
            {
              $ref: '#/components/parameters/namespace',
            },
            {
              $ref: '#/components/parameters/name',
            },
            {
              $ref: '#/components/parameters/cluster',
            },
            {
              $ref: '#/components/parameters/rolloutNamespace',
            },
            {
              $ref: '#/components/parameters/rolloutName',
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/GateDecisionRequest',
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'The decision was recorded.',
              content: {
                'application/json': {
                  schema: {
                    $ref: '#/components/schemas/GateDecisionResponse',
                  },
                },
              },
            },
            default: {
              $ref: '#/components/responses/ErrorResponse',
            },
          },
          security: [
            {},
            {
              JWT: [],
            },
          ],
        },
      },
    '/gate/waiting': {
      get: {
        operationId: 'GetWaitingReleases',
        description: 'Releases paused at a gate in any gated environment.',
        tags: ['Gate'],
        responses: {
          '200': {
            description: 'The waiting releases of entities the caller may see.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WaitingReleasesResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/history': {
      get: {
        operationId: 'GetReleaseHistory',
        description: 'Recorded actions, newest first.',
        tags: ['History'],
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: false,
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'cluster',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'action',
            in: 'query',
            required: false,
            schema: {
              $ref: '#/components/schemas/DeliveryAction',
            },
          },
          {
            name: 'outcome',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              enum: ['succeeded', 'failed', 'unknown'],
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
              default: 20,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            required: false,
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ReleaseHistoryPage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/releases': {
      get: {
        operationId: 'GetReleasesInFlight',
        description:
          'Every Rollout in the catalog that is not Healthy, across all clusters.',
        tags: ['Releases'],
        parameters: [
          {
            name: 'owner',
            in: 'query',
            required: false,
            allowReserved: true,
            description:
              'Owner entity ref, e.g. `group:default/team-checkout` or `team-checkout`.',
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'phase',
            in: 'query',
            required: false,
            schema: {
              $ref: '#/components/schemas/RolloutPhase',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ReleasesInFlightResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/cdevents': {
      post: {
        operationId: 'PostCdEvents',
        description:
          'Receives CDEvents (v0.4 or v0.5) carried as CloudEvents 1.0: one in binary mode (`ce-*` headers, the CDEvent as an `application/json` body), one in structured mode, or a batch. Every event is checked before any is stored; an event already stored (same `source` and `id`) is answered as a duplicate. Callers authenticate with an external-access token.',
        tags: ['CI/CD'],
        requestBody: {
          required: true,
          content: {
            'application/cloudevents+json': {
              schema: {
                type: 'object',
              },
            },
            'application/cloudevents-batch+json': {
              schema: {
                type: 'array',
                items: {
                  type: 'object',
                },
              },
            },
            'application/json': {
              schema: {
                type: 'object',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Every event is stored, now or before.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CdEventsIngestResult',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/cicd': {
      get: {
        operationId: 'GetEntityCicdSummary',
        description:
          "The entity's latest pipeline runs from CDEvents and every provider, the latest run per branch, and what is deployed in each environment.",
        tags: ['CI/CD'],
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CicdSummary',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/cicd/timeline': {
      get: {
        operationId: 'GetEntityTimeline',
        description:
          'What CI/CD reported and what people did through the portal, newest first; one fact reported by both is one entry.',
        tags: ['CI/CD'],
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TimelinePage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/cicd/dora': {
      get: {
        operationId: 'GetEntityDora',
        description:
          'DORA figures over the last `days` days and the window before.',
        tags: ['CI/CD'],
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'days',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 365,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/DoraComparison',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
    '/entities/{kind}/{namespace}/{name}/cicd/runs/{provider}/{runId}/rerun': {
      post: {
        operationId: 'PostRerunPipelineRun',
        description:
          "Re-runs the failed jobs of a run, for the entity's owners and release managers; audited.",
        tags: ['CI/CD'],
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'provider',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
          {
            name: 'runId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              minLength: 1,
            },
          },
        ],
        responses: {
          '202': {
            description: 'The provider accepted the re-run.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: {
                      type: 'string',
                    },
                  },
                  required: ['status'],
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {
            JWT: [],
          },
        ],
      },
    },
    '/cicd/unmatched': {
      get: {
        operationId: 'GetUnmatchedCdEvents',
        description: 'CDEvents no catalog entity claims, newest first.',
        tags: ['CI/CD'],
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'before',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/UnmatchedCdEventsPage',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
        security: [
          {},
          {
            JWT: [],
          },
        ],
      },
    },
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<
    typeof createValidatedOpenApiRouterFromGeneratedEndpointMap
  >['1'],
) =>
  createValidatedOpenApiRouterFromGeneratedEndpointMap<EndpointMap>(
    spec,
    options,
  );
