import { createExtensionTester } from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { paymentsEntity } from './__fixtures__/rollouts';
import { entityDeliveryContent, releasesPage } from './alpha';

describe('delivery plugin for the new frontend system', () => {
  it('adds a Delivery tab of its own, outside any group, to entities with rollouts', () => {
    const tester = createExtensionTester(entityDeliveryContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Delivery');
    expect(tester.get(coreExtensionData.routePath)).toBe('/delivery');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBeUndefined();
    const showsOn = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(showsOn(paymentsEntity)).toBe(true);
    expect(showsOn({ ...paymentsEntity, metadata: { name: 'website' } })).toBe(
      false,
    );
  });

  it('serves the Releases page at /releases with a sidebar title', () => {
    const tester = createExtensionTester(releasesPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/releases');
    expect(tester.get(coreExtensionData.title)).toBe('Releases');
  });
});
