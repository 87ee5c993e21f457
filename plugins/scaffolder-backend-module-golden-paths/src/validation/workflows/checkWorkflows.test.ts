import { createMockDirectory } from '@backstage/backend-test-utils';
import { checkWorkflows } from './checkWorkflows';
import { yamlPathAt } from './yamlPathAt';

const valid = `name: CI
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
  deploy:
    needs: build
    environment: staging
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.sha }}"
`;

describe('checkWorkflows', () => {
  const mockDir = createMockDirectory();

  it('accepts a valid workflow', async () => {
    mockDir.setContent({ '.github/workflows/ci.yaml': valid });
    await expect(
      checkWorkflows({
        root: mockDir.path,
        files: ['.github/workflows/ci.yaml'],
      }),
    ).resolves.toEqual({ problems: [], summary: { workflows: 1 } });
  });

  it('reports syntax problems at their place in the workflow', async () => {
    const broken = valid
      .replace('needs: build', 'needs: compile')
      .replace('      - run: npm ci && npm test\n', '      - runs: npm ci\n');
    mockDir.setContent({ '.github/workflows/ci.yaml': broken });
    const { problems } = await checkWorkflows({
      root: mockDir.path,
      files: ['.github/workflows/ci.yaml'],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: '.github/workflows/ci.yaml',
          path: 'jobs.build.steps[1].runs',
          message: expect.stringContaining(
            'unexpected key "runs" for "step" section',
          ),
        }),
        expect.objectContaining({
          path: 'jobs.deploy',
          message: expect.stringContaining(
            'needs job "compile" which does not exist',
          ),
        }),
      ]),
    );
  });

  it('ignores a repository without workflows', async () => {
    await expect(
      checkWorkflows({ root: mockDir.path, files: ['README.md'] }),
    ).resolves.toEqual({
      problems: [],
      summary: { workflows: 0 },
    });
  });
});

describe('yamlPathAt', () => {
  it('maps a line and column to a dotted path', () => {
    expect(yamlPathAt(valid, 9, 9)).toBe('jobs.build.steps[0].uses');
    expect(yamlPathAt(valid, 13, 18)).toBe('jobs.deploy.environment');
    expect(yamlPathAt(valid, 99, 1)).toBe('line 99, column 1');
  });
});
