import { createMockDirectory } from '@backstage/backend-test-utils';
import { KustomizeCommand } from './KustomizeCommand';
import {
  KustomizeBuildError,
  kustomizeBuild,
  kustomizeErrorMessage,
} from './kustomizeBuild';
import { requireKubectl } from './testing';

jest.setTimeout(60_000);

describe('kustomizeBuild', () => {
  const dir = createMockDirectory();

  beforeAll(requireKubectl);

  it('renders a kustomization with real kustomize, in its order', async () => {
    dir.setContent({
      'kustomization.yaml':
        'namePrefix: shop-\nresources: [web.yaml]\nimages:\n  - name: web\n    newTag: "2.0"\n',
      'web.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web\n',
    });
    const objects = await kustomizeBuild(KustomizeCommand.fromPath(), dir.path);
    expect(objects).toEqual([
      expect.objectContaining({
        kind: 'Pod',
        metadata: { name: 'shop-web' },
        spec: { containers: [{ name: 'web', image: 'web:2.0' }] },
      }),
    ]);
  });

  it("refuses with kustomize's own message", async () => {
    dir.setContent({ 'kustomization.yaml': 'resources: [missing.yaml]\n' });
    const error = await kustomizeBuild(
      KustomizeCommand.fromPath(),
      dir.path,
    ).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(KustomizeBuildError);
    expect(error.message).toContain('missing.yaml');
    expect(error.message).not.toMatch(/command failed|^E\d{4}/);
  });

  it('reads kubectl and kustomize error output', () => {
    expect(
      kustomizeErrorMessage(
        'E1130 01:14:35.262388   16033 run.go:72] "command failed" err="accumulating resources: \\"x\\" missing"\n',
      ),
    ).toBe('accumulating resources: "x" missing');
    expect(
      kustomizeErrorMessage(
        'E1130 01:14:35.597888   16055 run.go:72] "command failed" err=<\n\tFound multiple kustomization files under: /w\n >\n',
      ),
    ).toBe('Found multiple kustomization files under: /w');
    expect(kustomizeErrorMessage('Error: no such file\n')).toBe('no such file');
  });
});
