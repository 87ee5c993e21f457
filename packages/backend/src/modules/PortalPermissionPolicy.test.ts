import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  deliveryPermissions,
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

  it.each(deliveryPermissions.map(p => [p.name, p]))(
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

  it('allows everything else, as before', async () => {
    const permission = createPermission({
      name: 'catalog.entity.delete',
      attributes: { action: 'delete' },
    });
    expect(await policy.handle({ permission }, owner)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle({ permission })).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
