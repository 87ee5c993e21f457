import { DoraFigures as DoraFiguresResponse } from '@internal/plugin-delivery-common';
import { Knex } from 'knex';
import { CICD_EVENTS_TABLE } from './CicdEventStore';

/**
 * DORA's four keys for one entity over [from, to), in epoch ms, as the API
 * answers them (openapi.yaml's `DoraFigures`; a figure with nothing to
 * measure is null). The definitions are in the README.
 */
export type DoraFigures = DoraFiguresResponse;

const DEPLOY_TYPES = ['service.deployed', 'service.upgraded'];
const DAY_MS = 86_400_000;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * DORA figures, computed in SQL that runs alike on SQLite and PostgreSQL
 * (plain joins, EXISTS and aggregates over epoch-millisecond columns). The
 * definitions are in the delivery backend's README.
 */
export async function queryDora(
  knex: Knex,
  options: {
    entityRef: string;
    from: number;
    to: number;
    productionEnvironments: string[];
  },
): Promise<DoraFigures> {
  const { entityRef, from, to, productionEnvironments: prod } = options;
  const t = CICD_EVENTS_TABLE;
  const envList = prod.map(() => '?').join(', ');
  const deployTypes = DEPLOY_TYPES.map(() => '?').join(', ');

  // Production deployments in the window, and whether a rollback or an
  // incident in the same environment followed before the next deployment.
  const [deploys] = await knex
    .raw(
      `select count(*) as deployments,
            sum(case when exists (
              select 1 from ${t} f
              where f.entity_ref = d.entity_ref
                and f.environment = d.environment
                and f.type in ('service.rolledback', 'incident.detected')
                and f.occurred_at >= d.occurred_at
                and f.id <> d.id
                and not exists (
                  select 1 from ${t} n
                  where n.entity_ref = d.entity_ref
                    and n.environment = d.environment
                    and n.type in (${deployTypes})
                    and n.occurred_at > d.occurred_at
                    and n.occurred_at <= f.occurred_at
                )
            ) then 1 else 0 end) as failed
     from ${t} d
     where d.entity_ref = ? and d.type in (${deployTypes})
       and d.environment in (${envList})
       and d.occurred_at >= ? and d.occurred_at < ?`,
      [...DEPLOY_TYPES, entityRef, ...DEPLOY_TYPES, ...prod, from, to],
    )
    .then(rowsOf);

  // Each merged change, with its first production deployment; tied by the
  // CDEvents chain, by commit, or by the artifact packaged from the change.
  // The median, as DORA reports lead time: one change that waited weeks
  // does not move it the way it moves a mean. Neither SQLite nor knex has a
  // median, so the changes are ranked and the middle one (or the mean of
  // the middle two) is taken; n / 2 is integer division on both databases.
  const [lead] = await knex
    .raw(
      `with changes as (
       select c.id, min(d.occurred_at) - c.occurred_at as lead_ms
       from ${t} c
       join ${t} d
         on d.entity_ref = c.entity_ref
        and d.type in (${deployTypes})
        and d.environment in (${envList})
        and d.occurred_at >= c.occurred_at
        and (
          (c.chain_id is not null and d.chain_id = c.chain_id)
          or (c.commit_sha is not null and d.commit_sha = c.commit_sha)
          or exists (
            select 1 from ${t} a
            where a.type = 'artifact.packaged'
              and a.artifact_id = d.artifact_id
              and a.change_id = c.subject_id
          )
        )
       where c.entity_ref = ? and c.type = 'change.merged'
       group by c.id, c.occurred_at
       having min(d.occurred_at) >= ? and min(d.occurred_at) < ?
     ),
     ranked as (
       select lead_ms,
              row_number() over (order by lead_ms) as position,
              count(*) over () as n
       from changes
     )
     select max(n) as changes, avg(lead_ms) as lead_ms
     from ranked
     where position in ((n + 1) / 2, (n + 2) / 2)`,
      [...DEPLOY_TYPES, ...prod, entityRef, from, to],
    )
    .then(rowsOf);

  // Production incidents detected in the window, and their resolution.
  const [restore] = await knex
    .raw(
      `select count(r.id) as resolved,
            sum(case when r.id is null then 1 else 0 end) as open,
            avg(r.occurred_at - i.occurred_at) as restore_ms
     from ${t} i
     left join ${t} r
       on r.type = 'incident.resolved'
      and r.subject_id = i.subject_id
      and r.entity_ref = i.entity_ref
      and r.occurred_at >= i.occurred_at
      and not exists (
        select 1 from ${t} r2
        where r2.type = 'incident.resolved'
          and r2.subject_id = i.subject_id
          and r2.entity_ref = i.entity_ref
          and r2.occurred_at >= i.occurred_at
          and (r2.occurred_at < r.occurred_at
               or (r2.occurred_at = r.occurred_at and r2.id < r.id))
      )
     where i.entity_ref = ? and i.type = 'incident.detected'
       and i.environment in (${envList})
       and i.occurred_at >= ? and i.occurred_at < ?`,
      [entityRef, ...prod, from, to],
    )
    .then(rowsOf);

  const deployments = Number(deploys?.deployments ?? 0);
  const failed = Number(deploys?.failed ?? 0);
  const changes = Number(lead?.changes ?? 0);
  const resolved = Number(restore?.resolved ?? 0);
  return {
    from,
    to,
    deployments,
    deploymentsPerDay:
      deployments === 0 ? null : deployments / ((to - from) / DAY_MS),
    leadTimeMs: changes === 0 ? null : num(lead.lead_ms),
    changesMeasured: changes,
    changeFailureRate: deployments === 0 ? null : failed / deployments,
    failedDeployments: failed,
    timeToRestoreMs: resolved === 0 ? null : num(restore.restore_ms),
    incidentsResolved: resolved,
    incidentsOpen: Number(restore?.open ?? 0),
  };
}

/** knex.raw answers rows directly on SQLite and as `{ rows }` on PostgreSQL. */
function rowsOf(result: unknown): any[] {
  return Array.isArray(result)
    ? result
    : (result as { rows: any[] }).rows ?? [];
}
