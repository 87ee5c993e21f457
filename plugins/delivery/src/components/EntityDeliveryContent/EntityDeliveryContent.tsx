import { useState } from 'react';
import { Grid, Typography } from '@material-ui/core';
import {
  EmptyState,
  MissingAnnotationEmptyState,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  DELIVERY_ANNOTATIONS,
  isDeliveryAvailable,
} from '@internal/plugin-delivery-common';
import { useEntityRollouts } from '../../hooks/useEntityRollouts';
import { errorMessage } from '../../api/errorMessage';
import { GatePanel } from '../Gate/GatePanel';
import { ReleaseHistoryCard } from '../ReleaseHistory/ReleaseHistoryCard';
import { RolloutCard } from '../RolloutCard/RolloutCard';
import { StaleClustersWarning } from '../ReleasesPage/StaleClustersWarning';
import { EntityCicdContent } from '../Cicd/EntityCicdContent';

const DeliveryView = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const compoundRef = getCompoundEntityRef(entity);
  const [historyKey, setHistoryKey] = useState(0);
  const { value, loading, error, retry } = useEntityRollouts(compoundRef);

  if (!value && loading) {
    return <Progress />;
  }
  if (!value && error) {
    return <ResponseErrorPanel error={error} title="Could not load rollouts" />;
  }
  const clusters = value?.clusters ?? [];
  const found = clusters.some(c => c.rollouts.length > 0);
  // "Not found" is only known of the clusters that answered.
  const answered = clusters.filter(c => !c.error).map(c => c.cluster);
  const kubernetesId =
    entity.metadata.annotations?.[DELIVERY_ANNOTATIONS.kubernetesId];

  const staleClusters = clusters.flatMap(c =>
    c.stale ? [{ cluster: c.cluster, ...c.stale }] : [],
  );

  return (
    <Grid container spacing={3}>
      {staleClusters.length > 0 && (
        <Grid item xs={12}>
          <StaleClustersWarning clusters={staleClusters} />
        </Grid>
      )}
      {clusters
        .filter(c => c.error)
        .map(c => (
          <Grid item xs={12} key={`error-${c.cluster}`}>
            <WarningPanel
              severity="error"
              defaultExpanded
              title={`Cluster ${c.cluster} could not be reached`}
              message={`${c.error?.message}${
                answered.length ? ' — the other clusters are shown.' : '.'
              } Check that the cluster is up and that its url and token under kubernetes.clusterLocatorMethods in app-config are right.`}
            />
          </Grid>
        ))}
      {!found && (answered.length > 0 || clusters.length === 0) && (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No rollouts found"
            description={`No Argo Rollout in ${
              answered.join(', ') || 'any configured cluster'
            } carries the label backstage.io/kubernetes-id=${
              kubernetesId ?? '…'
            }. Label the Rollout (and its pods) with it, or deploy the service first.`}
          />
        </Grid>
      )}
      {clusters.flatMap(c =>
        c.rollouts.map(rollout => (
          <Grid
            item
            xs={12}
            key={`${c.cluster}/${rollout.namespace}/${rollout.name}`}
          >
            <RolloutCard
              rollout={rollout}
              entityRef={entityRef}
              rolloutRef={{
                entity: compoundRef,
                cluster: c.cluster,
                namespace: rollout.namespace,
                name: rollout.name,
              }}
              onAction={() => {
                retry();
                setHistoryKey(k => k + 1);
              }}
            />
            <GatePanel
              entityRef={entityRef}
              rollout={{
                entity: compoundRef,
                cluster: c.cluster,
                namespace: rollout.namespace,
                name: rollout.name,
              }}
              refreshKey={`${rollout.resourceVersion}/${historyKey}`}
              onDecision={() => setHistoryKey(k => k + 1)}
            />
          </Grid>
        )),
      )}
      <Grid item xs={12}>
        <EntityCicdContent />
      </Grid>
      <Grid item xs={12}>
        <ReleaseHistoryCard entityRef={entityRef} refreshKey={historyKey} />
      </Grid>
      {error && value && (
        <Grid item xs={12}>
          <Typography variant="caption" color="error">
            Refreshing failed: {errorMessage(error)}. Showing the last known
            state.
          </Typography>
        </Grid>
      )}
    </Grid>
  );
};

/**
 * The Delivery tab: every rollout of the entity per cluster, actions on them
 * and the release history.
 *
 * @public
 */
export const EntityDeliveryContent = () => {
  const { entity } = useEntity();
  if (!isDeliveryAvailable(entity)) {
    return (
      <MissingAnnotationEmptyState
        annotation={[
          DELIVERY_ANNOTATIONS.kubernetesId,
          DELIVERY_ANNOTATIONS.kubernetesLabelSelector,
        ]}
      />
    );
  }
  return <DeliveryView />;
};
