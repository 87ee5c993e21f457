import { createMockDirectory } from '@backstage/backend-test-utils';
import { checkCatalogInfo } from './checkCatalogInfo';

const component = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    backstage.io/kubernetes-id: payments
spec:
  type: service
  lifecycle: production
  owner: group:default/checkout
`;

describe('checkCatalogInfo', () => {
  const mockDir = createMockDirectory();

  async function check() {
    return checkCatalogInfo({
      root: mockDir.path,
      files: ['catalog-info.yaml'],
    });
  }

  it('accepts a valid component and returns it', async () => {
    mockDir.setContent({ 'catalog-info.yaml': component });
    const result = await check();
    expect(result.problems).toEqual([]);
    expect(result.entities[0].metadata.name).toBe('payments');
  });

  it('names the field of an invalid entity', async () => {
    mockDir.setContent({
      'catalog-info.yaml': `${component.replace(
        '  owner: group:default/checkout\n',
        '',
      )}---\n${component.replace(
        'name: payments',
        'name: "payments service"',
      )}`,
    });
    const { problems } = await check();
    expect(problems).toEqual([
      {
        check: 'catalog',
        file: 'catalog-info.yaml (document 1)',
        path: 'spec.owner',
        message: "must have required property 'owner'",
      },
      {
        check: 'catalog',
        file: 'catalog-info.yaml (document 2)',
        path: 'metadata.name',
        message: expect.stringContaining('is not valid; expected a string'),
      },
    ]);
  });

  it('reports a missing catalog-info.yaml', async () => {
    await expect(
      checkCatalogInfo({ root: mockDir.path, files: [] }),
    ).resolves.toMatchObject({
      problems: [
        {
          file: 'catalog-info.yaml',
          message: expect.stringContaining('is missing'),
        },
      ],
    });
  });
});
