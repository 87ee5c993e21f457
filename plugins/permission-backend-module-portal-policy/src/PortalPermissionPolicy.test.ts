import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  deliveryPermissions,
  deliveryReleaseApprovePermission,
  deliveryRolloutPromotePermission,
} from '@internal/plugin-delivery-common';
import { PortalPermissionPolicy } from './PortalPermissionPolicy';

function user(ref: string, groups: string[]): PolicyQueryUser {
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  };
}

const owner = user('user:default/ben.okafor', ['group:default/team-checkout']);
const releaseManager = user('user:default/dora.nagy', [
  'group:default/release-managers',
]);

describe('PortalPermissionPolicy', () => {
  const policy = PortalPermissionPolicy.fromConfig(new ConfigReader({}));

  it.each(
    deliveryPermissions
      .filter(p => p !== deliveryReleaseApprovePermission)
      .map(p => [p.name, p]),
  )(
    'grants %s to the entity owners, as a condition on the catalog entity',
    async (_name, permission) => {
      expect(await policy.handle({ permission }, owner)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/ben.okafor', 'group:default/team-checkout'],
          },
        },
      });
    },
  );

  it('leaves the release gate to release managers, owners included', async () => {
    const permission = deliveryReleaseApprovePermission;
    expect(await policy.handle({ permission }, owner)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission }, releaseManager)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('allows release managers everywhere', async () => {
    for (const permission of deliveryPermissions) {
      expect(await policy.handle({ permission }, releaseManager)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('reads the release manager groups from delivery.releaseManagers', async () => {
    const configured = PortalPermissionPolicy.fromConfig(
      new ConfigReader({ delivery: { releaseManagers: ['sre'] } }),
    );
    const sre = user('user:default/sam', ['group:default/sre']);
    const permission = deliveryRolloutPromotePermission;
    expect(await configured.handle({ permission }, sre)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(
      await configured.handle({ permission }, releaseManager),
    ).toMatchObject({ result: AuthorizeResult.CONDITIONAL });
  });

  it('denies delivery actions without a user', async () => {
    expect(
      await policy.handle({ permission: deliveryRolloutPromotePermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows reading and everything it does not govern', async () => {
    for (const permission of [
      catalogEntityReadPermission,
      catalogLocationReadPermission,
      createPermission({ name: 'scaffolder.task.create', attributes: {} }),
    ]) {
      expect(await policy.handle({ permission }, owner)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });
});

describe('PortalPermissionPolicy on catalog writes', () => {
  const policy = PortalPermissionPolicy.fromConfig(new ConfigReader({}));
  const platform = user('user:default/pia', ['group:default/platform']);
  /** A plugin registering a new repository for a person. */
  const throughScaffolder: PolicyQueryUser = {
    credentials: mockCredentials.user('user:default/ben.okafor', {
      actor: { subject: 'plugin:scaffolder' },
    }),
    info: owner.info,
  };

  it.each([
    catalogLocationCreatePermission,
    catalogEntityCreatePermission,
    catalogLocationDeletePermission,
  ])('refuses $name to someone outside the platform team', async permission => {
    expect(await policy.handle({ permission }, owner)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission })).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission }, platform)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it("treats a registration on a person's behalf as that person's", async () => {
    // What the catalog puts to the policy when the scaffolder's built-in
    // catalog:register action registers for a person: only the platform team
    // may, so the golden paths register as the scaffolder itself.
    for (const permission of [
      catalogLocationCreatePermission,
      catalogLocationDeletePermission,
    ]) {
      expect(await policy.handle({ permission }, throughScaffolder)).toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it.each([catalogEntityRefreshPermission, catalogEntityDeletePermission])(
    'grants $name to owners of the entity and to the platform team',
    async permission => {
      expect(await policy.handle({ permission }, owner)).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          params: {
            claims: ['user:default/ben.okafor', 'group:default/team-checkout'],
          },
        },
      });
      expect(await policy.handle({ permission }, platform)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    },
  );

  it('reads the admin groups from permission.catalogWrites.admins', async () => {
    const configured = PortalPermissionPolicy.fromConfig(
      new ConfigReader({ permission: { catalogWrites: { admins: ['sre'] } } }),
    );
    const sre = user('user:default/sam', ['group:default/sre']);
    const permission = catalogLocationCreatePermission;
    expect(await configured.handle({ permission }, sre)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await configured.handle({ permission }, platform)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
