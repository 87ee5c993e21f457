import { ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Sandbox } from './sandbox';
import {
  ROLLOUT,
  clients,
  startTestSandbox,
  waitFor,
} from './__testUtils__/sandbox';

const run = promisify(execFile);
const PACKAGE_DIR = path.resolve(__dirname, '..');
const cli = (...args: string[]) => [
  '-r',
  '@backstage/cli/config/nodeTransform.cjs',
  'src/cli.ts',
  ...args,
];

jest.setTimeout(30000);

describe('cli', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ clusters: ['staging'], seed: true });
  });
  afterAll(() => sandbox.stop());

  it('starts a release through the control API', async () => {
    const { stdout } = await run(
      process.execPath,
      cli(
        'release',
        'search-api',
        '--cluster',
        'staging',
        '--image',
        'registry.acme.example/search-api:3.5.0',
        '--profile',
        'slow',
        '--control-url',
        sandbox.controlUrl,
      ),
      { cwd: PACKAGE_DIR },
    );
    expect(stdout).toMatch(
      /^release started: storefront\/search-api on staging: registry\.acme\.example\/search-api:3\.4\.1 -> registry\.acme\.example\/search-api:3\.5\.0 \(profile slow, revision hash \w+\)\n$/,
    );
    const ro: any = await clients(
      sandbox,
      'staging',
    ).custom.getNamespacedCustomObject({
      ...ROLLOUT,
      namespace: 'storefront',
      name: 'search-api',
    });
    expect(ro.spec.template.spec.containers[0].image).toBe(
      'registry.acme.example/search-api:3.5.0',
    );
    const failed = await run(
      process.execPath,
      cli(
        'release',
        'nope',
        '--cluster',
        'staging',
        '--image',
        'x/y:1',
        '--control-url',
        sandbox.controlUrl,
      ),
      {
        cwd: PACKAGE_DIR,
      },
    ).catch(e => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      'release failed (404): service: no Rollout for service "nope" in cluster "staging"\n',
    );
  });

  it('serves and prints the cluster URLs, token and git host', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      cli('serve', '--port', '0', '--no-seed', '--speed', '10'),
      { cwd: PACKAGE_DIR },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      await waitFor(() => output.includes('CI runs:'), 'ready message', 20000);
      expect(output).toMatch(/portal sandbox ready \(speed x10\)/);
      expect(output).toMatch(/control API: http:\/\/127\.0\.0\.1:\d+/);
      expect(output).toMatch(
        /cluster staging: http:\/\/127\.0\.0\.1:\d+ {2}\(kubectl: https:\/\/127\.0\.0\.1:\d+\)/,
      );
      expect(output).toMatch(/cluster production: http:\/\/127\.0\.0\.1:\d+/);
      expect(output).toMatch(/token: portal-sandbox-admin/);
      expect(output).toMatch(
        /git host: http:\/\/localhost:\d+ {2}\(Gitea API; user portal, password portal-sandbox-git\)/,
      );
      expect(output).toMatch(/CI runs: http:\/\/127\.0\.0\.1:\d+\/ci\/runs/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
