import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

// Boots the real backend the way production runs it: app-config.yaml plus
// app-config.production.yaml, NODE_ENV=production, PostgreSQL from POSTGRES_*
// environment variables and the built frontend served by the backend.

const repoRoot = resolve(__dirname, '../../..');
const postgresUrl = process.env.PORTAL_TEST_POSTGRES_URL;

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? res(address.port)
          : rej(new Error('no port')),
      );
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, log: string[]) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`backend exited early:\n${log.join('')}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`backend not ready after 120s:\n${log.join('')}`);
}

describe('production backend on PostgreSQL', () => {
  const prefix = `portal_prod_test_${process.pid}_`;
  let child: ChildProcess | undefined;
  let baseUrl = '';
  let configDir = '';
  const log: string[] = [];

  beforeAll(async () => {
    if (!postgresUrl) {
      throw new Error(
        'PORTAL_TEST_POSTGRES_URL is not set: run the tests with ./portal test, which starts PostgreSQL, or point it at a server',
      );
    }
    if (!existsSync(join(repoRoot, 'packages/app/dist/index.html'))) {
      throw new Error(
        'packages/app/dist is missing: build the frontend first (yarn workspace app build), as ./portal test does',
      );
    }
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    configDir = mkdtempSync(join(tmpdir(), 'portal-prod-'));
    const overrides = join(configDir, 'app-config.test.yaml');
    writeFileSync(
      overrides,
      [
        'backend:',
        `  listen: ':${port}'`,
        '  database:',
        `    prefix: ${prefix}`,
      ].join('\n'),
    );
    const pg = new URL(postgresUrl);
    child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        'packages/backend/src/index.ts',
        '--config',
        'app-config.yaml',
        '--config',
        'app-config.production.yaml',
        '--config',
        overrides,
      ],
      {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          PORTAL_BASE_URL: baseUrl,
          POSTGRES_HOST: pg.hostname,
          POSTGRES_PORT: pg.port || '5432',
          POSTGRES_USER: decodeURIComponent(pg.username),
          POSTGRES_PASSWORD: decodeURIComponent(pg.password),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', d => log.push(String(d)));
    child.stderr?.on('data', d => log.push(String(d)));
    await waitForReady(`${baseUrl}/.backstage/health/v1/readiness`, child, log);
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise(r => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (configDir) rmSync(configDir, { recursive: true, force: true });
    if (postgresUrl) {
      const client = new Client({ connectionString: postgresUrl });
      await client.connect();
      const { rows } = await client.query(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
      await client.end();
    }
  }, 60_000);

  it('keeps its data in PostgreSQL databases', async () => {
    const client = new Client({ connectionString: postgresUrl });
    await client.connect();
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname',
      [`${prefix}%`],
    );
    await client.end();
    expect(rows.map(r => r.datname)).toEqual(
      expect.arrayContaining([`${prefix}catalog`, `${prefix}auth`]),
    );
  });

  it('signs in a guest and serves an example service from the catalog', async () => {
    const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(refresh.status).toBe(200);
    const session = await refresh.json();
    const token = session.backstageIdentity.token;
    expect(session.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/guest',
    );

    // The catalog ingests its file locations asynchronously after start-up.
    let entity: any;
    const deadline = Date.now() + 60_000;
    while (!entity && Date.now() < deadline) {
      const res = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/component/default/payments-api`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (res.ok) entity = await res.json();
      else await new Promise(r => setTimeout(r, 1000));
    }
    expect(entity?.spec).toMatchObject({
      type: 'service',
      owner: 'team-checkout',
      system: 'checkout',
    });
    expect(entity.metadata.annotations['backstage.io/kubernetes-id']).toBe(
      'payments-api',
    );
  }, 90_000);

  it('serves the built frontend', async () => {
    const res = await fetch(`${baseUrl}/catalog`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Platform Portal</title>');
  });

  it('refuses unauthenticated catalog reads', async () => {
    const res = await fetch(`${baseUrl}/api/catalog/entities`);
    expect(res.status).toBe(401);
  });
});
