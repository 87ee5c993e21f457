import { useMemo } from 'react';
import { Box } from '@material-ui/core';
import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  EntityRefLink,
  entityRouteRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import {
  ReleaseInFlight,
  RolloutPhase,
} from '@internal/plugin-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api/DeliveryApi';
import { usePolling } from '../../hooks/usePolling';
import { useRolloutChangeSignal } from '../../hooks/useRolloutChangeSignal';
import { useWaitingReleases, waitingKey } from '../Gate/useGate';
import { PhaseStatus } from '../RolloutCard/PhaseStatus';
import { currentStepNumber } from '../RolloutCard/describeStep';
import { FilterSelect } from './FilterSelect';
import { ReleaseHealthBadge } from '../ReleaseHealth/ReleaseHealthBadge';
import { ReleaseImages, ReleaseStarted } from './ReleaseCells';

/** A new revision is being rolled out beside the stable one (not aborted). */
const releaseInFlight = (r: ReleaseInFlight) =>
  !r.aborted &&
  (!!r.candidateImages || r.phase === 'Progressing' || r.phase === 'Paused');
import { StaleClustersWarning } from './StaleClustersWarning';
import { useUrlFilter } from './useUrlFilter';

const PHASES: RolloutPhase[] = ['Progressing', 'Paused', 'Degraded', 'Unknown'];
// Names and phases break between words, never inside one ("Progressi ng").
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function emptyText(filtered: boolean, clustersFailed: boolean): string {
  if (filtered) return 'No release in flight matches these filters.';
  if (clustersFailed) {
    return 'No release in flight in the clusters that answered; the others could not be asked.';
  }
  return 'No release in flight: every rollout across the catalog is healthy.';
}

function stepText(r: ReleaseInFlight): string {
  if (r.totalSteps) {
    return `${currentStepNumber(r.currentStepIndex, r.totalSteps)}/${
      r.totalSteps
    }`;
  }
  return r.strategy === 'blueGreen' ? 'blue/green' : '';
}

/**
 * Every rollout in flight across the catalog, filterable by owner and phase.
 *
 * @public
 */
export const ReleasesContent = () => {
  const deliveryApi = useApi(deliveryApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const [owner, setOwner] = useUrlFilter('owner');
  const [phase, setPhase] = useUrlFilter('phase');
  // `?gate=waiting`: the list release managers work from.
  const [gate, setGate] = useUrlFilter('gate');
  const { value, loading, error, retry } = useAsyncRetry(
    () => deliveryApi.getReleasesInFlight(),
    [deliveryApi],
  );
  // Pushed changes reload the page within a second; polling is the fallback.
  const { live } = useRolloutChangeSignal(retry);
  usePolling(retry, live ? 30_000 : 5000);

  const owners = useMemo(
    () =>
      [...new Set((value?.items ?? []).map(i => i.owner).filter(Boolean))]
        .map(String)
        .sort(),
    [value],
  );
  const waiting = useWaitingReleases(value);
  const rows = (value?.items ?? []).filter(
    i =>
      (!owner || i.owner === owner) &&
      (!phase || i.phase === phase) &&
      (!gate || waiting.value?.has(waitingKey(i))),
  );

  // Defined once: material-table resets its state (and warns) when the
  // columns change identity, which every poll would otherwise do.
  const columns = useMemo<TableColumn<ReleaseInFlight>[]>(
    () => [
      {
        title: 'Service',
        field: 'entityRef',
        render: r => {
          const ref = parseEntityRef(r.entityRef);
          return (
            <Link to={`${entityRoute(ref)}/delivery`}>
              {r.title ?? ref.name}
            </Link>
          );
        },
      },
      {
        title: 'Owner',
        field: 'owner',
        render: r =>
          r.owner ? (
            <EntityRefLink entityRef={r.owner} defaultKind="group" />
          ) : (
            ''
          ),
      },
      { title: 'Cluster', field: 'cluster', cellStyle: NO_WRAP },
      {
        title: 'Rollout',
        render: r => `${r.namespace}/${r.rollout}`,
        cellStyle: NO_WRAP,
      },
      {
        title: 'Phase',
        field: 'phase',
        render: r => (
          <>
            <Box component="span" whiteSpace="nowrap">
              <PhaseStatus
                rollout={{ phase: r.phase, aborted: r.aborted ?? false }}
              />
            </Box>
            {r.message ? ` ${r.message}` : ''}
          </>
        ),
      },
      {
        title: 'Health',
        render: r => (
          <ReleaseHealthBadge
            rollout={{
              entity: parseEntityRef(r.entityRef),
              cluster: r.cluster,
              namespace: r.namespace,
              name: r.rollout,
            }}
            inFlight={releaseInFlight(r)}
          />
        ),
      },
      { title: 'Step', render: stepText },
      {
        title: 'Canary weight',
        render: r => (r.canaryWeight !== undefined ? `${r.canaryWeight}%` : ''),
      },
      {
        title: 'Started',
        field: 'startedAt',
        render: r => <ReleaseStarted startedAt={r.startedAt} />,
      },
      { title: 'Images', render: r => <ReleaseImages release={r} /> },
    ],
    [entityRoute],
  );

  if (error && !value) {
    return <ResponseErrorPanel error={error} title="Could not load releases" />;
  }
  return (
    <>
      {(value?.clusterErrors ?? []).map(e => (
        <Box mb={2} key={e.cluster}>
          <WarningPanel
            defaultExpanded
            title={`Cluster ${e.cluster} could not be reached`}
            message={`${e.message} — releases in it are not listed.`}
          />
        </Box>
      ))}
      <StaleClustersWarning clusters={value?.staleClusters} />
      <Box display="flex" mb={2} style={{ gap: 16 }}>
        <FilterSelect
          id="delivery-releases-owner"
          label="Owner"
          allLabel="All owners"
          value={owner}
          onChange={setOwner}
          options={owners.map(o => ({
            value: o,
            label:
              value?.items.find(i => i.owner === o)?.ownerTitle ??
              humanizeEntityRef(parseEntityRef(o), { defaultKind: 'group' }),
          }))}
          minWidth={220}
        />
        <FilterSelect
          id="delivery-releases-phase"
          label="Phase"
          allLabel="All phases"
          value={phase}
          onChange={setPhase}
          options={PHASES.map(p => ({ value: p, label: p }))}
          minWidth={180}
        />
        <FilterSelect
          id="delivery-releases-gate"
          label="Gate"
          allLabel="Any gate state"
          value={gate}
          onChange={setGate}
          options={[{ value: 'waiting', label: 'Waiting for approval' }]}
          minWidth={200}
        />
      </Box>
      <Table
        title={`Releases in flight (${rows.length})`}
        isLoading={loading && !value}
        options={{ paging: rows.length > 50, pageSize: 50, search: true }}
        columns={columns}
        data={rows.map(r => ({
          ...r,
          id: `${r.cluster}/${r.namespace}/${r.rollout}`,
        }))}
        emptyContent={
          <Box p={2}>
            {emptyText(
              Boolean(owner || phase),
              (value?.clusterErrors ?? []).length > 0,
            )}
          </Box>
        }
      />
    </>
  );
};
