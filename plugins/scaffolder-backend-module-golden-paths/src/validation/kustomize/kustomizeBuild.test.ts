import { createMockDirectory } from '@backstage/backend-test-utils';
import { KustomizeCommand, requireKubectl } from '@internal/kustomize';
import { KustomizeError, kustomizeBuild } from './kustomizeBuild';
import { KUSTOMIZE_CASES } from './__fixtures__/kustomizeCases';
import { kubectlKustomize } from './__testUtils__/kubectl';

jest.setTimeout(60_000);

function byId(objects: any[]): Record<string, any> {
  return Object.fromEntries(
    objects.map(o => [`${o.kind}/${o.metadata?.name}`, o]),
  );
}

describe('kustomizeBuild', () => {
  const mockDir = createMockDirectory();
  const command = KustomizeCommand.fromPath();

  beforeAll(requireKubectl);

  describe.each(KUSTOMIZE_CASES.map(c => [c.name, c] as const))(
    '%s',
    (_name, kustomizeCase) => {
      beforeEach(() => mockDir.setContent(kustomizeCase.files));

      const build = () =>
        kustomizeBuild(
          command,
          mockDir.path,
          kustomizeCase.dir,
          `${kustomizeCase.dir}/kustomization.yaml`,
        );

      if (kustomizeCase.rejects) {
        it('is refused, as kubectl kustomize refuses it', async () => {
          const expected = await kubectlKustomize(
            mockDir.resolve(kustomizeCase.dir),
          );
          expect(expected).toEqual({
            error: expect.stringMatching(kustomizeCase.rejects!),
          });
          const error = await build().then(
            () => undefined,
            e => e,
          );
          expect(error).toBeInstanceOf(KustomizeError);
          expect(error.file).toBe(`${kustomizeCase.dir}/kustomization.yaml`);
          expect(error.message).toMatch(kustomizeCase.rejects!);
          expect(error.message).not.toContain(mockDir.path);
        });
      } else {
        it('renders exactly what kubectl kustomize renders', async () => {
          const expected = await kubectlKustomize(
            mockDir.resolve(kustomizeCase.dir),
          );
          if (!('objects' in expected)) throw new Error(expected.error);
          const rendered = await build();
          expect(rendered.map(r => r.object)).toEqual(expected.objects);
          kustomizeCase.check!(byId(rendered.map(r => r.object)));
        });
      }
    },
  );

  it('names the file each object came from, through bases', async () => {
    const [, , third] = KUSTOMIZE_CASES;
    mockDir.setContent(third.files);
    const rendered = await kustomizeBuild(
      command,
      mockDir.path,
      'overlay',
      'overlay/kustomization.yaml',
    );
    expect(
      rendered.map(r => [
        r.object.metadata.name,
        r.file,
        r.object.metadata.annotations,
      ]),
    ).toEqual([
      ['shop-web', 'base/app.yaml', undefined],
      ['shop-worker', 'base/worker.yaml', undefined],
    ]);
  });
});
