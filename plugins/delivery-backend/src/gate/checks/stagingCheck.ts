import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { entityRolloutQuery } from '../../entities/entityRolloutQuery';
import { podTemplateHashOf } from '../../rollouts/kubernetesTypes';
import { ownedReplicaSets } from '../../rollouts/revisions';
import { RolloutReader } from '../../rollouts/RolloutReader';
import {
  imagesOf,
  isFullyPromoted,
  phaseOf,
} from '../../rollouts/rolloutState';
import { CanaryVerdictSource } from '../CanaryVerdictSource';
import { GateCheck, GateCheckResult, GateContext } from '../GateCheck';

/** Only a Pass opens the check; an inconclusive verdict is no verdict. */
const STATE_OF_VERDICT = {
  Pass: 'open',
  Marginal: 'closed',
  Fail: 'closed',
  Inconclusive: 'unknown',
} as const;

/** Images compare by digest where both carry one, else by reference. */
function sameImages(a: string[], b: string[]) {
  const key = (image: string) =>
    image.includes('@sha256:') ? image.slice(image.indexOf('@')) : image;
  return (
    a.length === b.length &&
    [...a].map(key).sort().join(' ') === [...b].map(key).sort().join(' ')
  );
}

/**
 * *Tested in staging*: the same image completed its rollout in the staging
 * environment, and the canary verdict there was Pass.
 */
export function stagingCheck(options: {
  clusters: ClusterRegistry;
  verdicts?: CanaryVerdictSource;
}): GateCheck {
  return {
    id: 'tested-in-staging',
    title: 'Tested in staging',
    async evaluate(ctx: GateContext): Promise<GateCheckResult> {
      const staging = ctx.stagingEnvironment;
      if (!staging || !options.clusters.has(staging)) {
        return {
          state: 'unknown',
          summary: `No staging deployment record: ${
            staging
              ? `no cluster named '${staging}' is configured`
              : 'no staging environment is configured (delivery.gate.stagingEnvironment)'
          }`,
          evidence: [],
        };
      }
      const query = entityRolloutQuery(ctx.entity);
      const namespace = ctx.rollout.metadata.namespace ?? 'default';
      const name = ctx.rollout.metadata.name ?? '';
      const reader = new RolloutReader(options.clusters.get(staging));
      const rollout = await reader.findEntityRollout(
        { ...query, cluster: undefined },
        namespace,
        name,
      );
      if (!rollout) {
        return {
          state: 'unknown',
          summary: `No staging deployment record: no rollout ${namespace}/${name} in ${staging}`,
          evidence: [],
        };
      }
      const { replicaSets } = await reader.withDependents(rollout);
      const stable = ownedReplicaSets(rollout, replicaSets).find(
        rs => podTemplateHashOf(rs) === rollout.status?.stableRS,
      );
      const stableImages = imagesOf(stable?.spec?.template);
      const candidate = ctx.candidate.images.join(', ');
      const completed =
        Boolean(stable) &&
        isFullyPromoted(rollout) &&
        phaseOf(rollout) === 'Healthy' &&
        sameImages(stableImages, ctx.candidate.images);
      const evidence = [
        `candidate: ${candidate}`,
        `${staging} runs ${
          stableImages.join(', ') || 'nothing stable'
        } (${phaseOf(rollout)}${
          isFullyPromoted(rollout) ? '' : ', a release in flight'
        })`,
      ];
      if (!completed) {
        return {
          state: 'closed',
          summary: `The candidate has not completed its rollout in ${staging}`,
          evidence,
        };
      }
      const verdict = await options.verdicts?.verdictFor(
        {
          cluster: staging,
          namespace,
          rollout: name,
          podTemplateHash: podTemplateHashOf(stable!)!,
        },
        ctx.entity,
      );
      if (!verdict) {
        return {
          state: 'unknown',
          summary: `Completed in ${staging}, but no canary verdict available for it`,
          evidence,
        };
      }
      evidence.push(
        `canary verdict in ${staging}: ${verdict.verdict}${
          verdict.summary ? ` — ${verdict.summary}` : ''
        }`,
      );
      const state = STATE_OF_VERDICT[verdict.verdict];
      return {
        state,
        summary:
          state === 'open'
            ? `Completed in ${staging} with a Pass canary verdict`
            : `Completed in ${staging}, canary verdict ${verdict.verdict}`,
        evidence,
        link: verdict.link,
      };
    },
  };
}
