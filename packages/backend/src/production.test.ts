import { ChildProcess, spawn } from 'node:child_process';
import {
  mkdtempSync,
  readFileSync,
  writeFileSync,
  existsSync,
  rmSync,
} from 'node:fs';
import { createServer as createHttpServer, Server } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

// Boots the real backend the way production runs it: the image's command
// (packages/backend/Dockerfile) from packages/backend, its working directory
// in the image as in `yarn workspace backend start`, with app-config.yaml plus
// app-config.production.yaml,
// NODE_ENV=production, PostgreSQL from POSTGRES_* environment variables,
// OpenID Connect sign-in from AUTH_OIDC_* and the built frontend served by
// the backend.

const repoRoot = resolve(__dirname, '../../..');
const postgresUrl = process.env.PORTAL_TEST_POSTGRES_URL;

/** The image's command: `node . --config ...` in packages/backend. */
function imageCommand(): string[] {
  const dockerfile = readFileSync(
    join(repoRoot, 'packages/backend/Dockerfile'),
    'utf8',
  );
  const cmd = dockerfile.match(/^CMD (\[.*\])$/m);
  if (!cmd) {
    throw new Error('packages/backend/Dockerfile has no CMD ["node", ...]');
  }
  return JSON.parse(cmd[1]);
}

/**
 * The discovery document of an OpenID Connect provider, which the oidc
 * auth module reads at start-up. Sign-in itself happens at the provider and
 * is not exercised here; that the backend sends people there is.
 */
function startOidcDiscovery(): Promise<Server> {
  const server = createHttpServer((req, res) => {
    const { port } = server.address() as AddressInfo;
    const issuer = `http://127.0.0.1:${port}`;
    if (req.url !== '/.well-known/openid-configuration') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    );
  });
  return new Promise(res => server.listen(0, '127.0.0.1', () => res(server)));
}

const SERVICE_TOKEN = 'production-test-static-token-0123456789';

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
  let oidc: Server | undefined;
  let oidcUrl = '';
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
    oidc = await startOidcDiscovery();
    oidcUrl = `http://127.0.0.1:${(oidc.address() as AddressInfo).port}`;
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
        // The test reads the catalog as a service, not as a person.
        '  auth:',
        '    externalAccess:',
        '      - type: static',
        '        options:',
        `          token: ${SERVICE_TOKEN}`,
        '          subject: production-test',
      ].join('\n'),
    );
    const pg = new URL(postgresUrl);
    const [node, backendPackage, ...args] = imageCommand();
    if (node !== 'node' || backendPackage !== '.') {
      throw new Error(
        `The image's CMD no longer runs 'node .' in packages/backend: ${node} ${backendPackage}; update this test`,
      );
    }
    child = spawn(
      process.execPath,
      [
        // The image runs the built bundle; the sources are the same code.
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        'src/index.ts',
        ...args,
        '--config',
        overrides,
      ],
      {
        cwd: join(repoRoot, 'packages/backend'),
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          PORTAL_BASE_URL: baseUrl,
          POSTGRES_HOST: pg.hostname,
          POSTGRES_PORT: pg.port || '5432',
          POSTGRES_USER: decodeURIComponent(pg.username),
          POSTGRES_PASSWORD: decodeURIComponent(pg.password),
          AUTH_SESSION_SECRET: 'production-test-session-secret',
          PORTAL_CI_EVENTS_TOKEN: 'production-test-ci-events-token',
          AUTH_OIDC_METADATA_URL: `${oidcUrl}/.well-known/openid-configuration`,
          AUTH_OIDC_CLIENT_ID: 'platform-portal',
          AUTH_OIDC_CLIENT_SECRET: 'production-test-client-secret',
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
      const started = Date.now();
      const exited = new Promise(r => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      if (Date.now() - started > 30_000) {
        // A graceful stop waits for the plugins; long ones show up here.
        // eslint-disable-next-line no-console
        console.warn(`backend took ${Date.now() - started} ms to stop`);
      }
    }
    if (configDir) rmSync(configDir, { recursive: true, force: true });
    oidc?.closeAllConnections();
    await new Promise(r => (oidc ? oidc.close(r) : r(undefined)));
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
  }, 120_000);

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

  it('refuses guest sign-in', async () => {
    const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    // The production config leaves auth.providers.guest out, so the
    // development-only guest provider never registers.
    expect(refresh.status).toBe(404);
    expect((await refresh.json()).error.message).toBe(
      "Unknown auth provider 'guest'",
    );
  });

  it('sends people to the OpenID Connect provider to sign in', async () => {
    const start = await fetch(
      `${baseUrl}/api/auth/oidc/start?env=production&scope=openid%20profile%20email`,
      { redirect: 'manual' },
    );
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(
      `${oidcUrl}/authorize`,
    );
    expect(location.searchParams.get('client_id')).toBe('platform-portal');
    expect(location.searchParams.get('redirect_uri')).toBe(
      `${baseUrl}/api/auth/oidc/handler/frame`,
    );
  });

  it('loads the example organisation into the catalog', async () => {
    // The catalog ingests its file locations asynchronously after start-up.
    let entity: any;
    const deadline = Date.now() + 60_000;
    while (!entity && Date.now() < deadline) {
      const res = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/component/default/payments-api`,
        { headers: { authorization: `Bearer ${SERVICE_TOKEN}` } },
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
    const user = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/user/default/dora.nagy`,
      { headers: { authorization: `Bearer ${SERVICE_TOKEN}` } },
    );
    expect(user.status).toBe(200);
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
