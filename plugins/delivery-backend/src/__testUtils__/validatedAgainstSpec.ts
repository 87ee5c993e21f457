import { wrapServer } from '@backstage/backend-openapi-utils/testUtils';
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';

const MOUNT = '/api/delivery';

/**
 * Puts `wrapServer` from `@backstage/backend-openapi-utils/testUtils` in
 * front of a test backend, so every request and response a test sees is
 * checked against src/schema/openapi.yaml; one that does not match fails the
 * test.
 *
 * `wrapServer` expects the plugin's router at the root of an Express app, as
 * upstream's router tests build it, and reads the spec from `/openapi.json`
 * there. Here the real backend mounts the router at /api/delivery (the tests
 * go through its auth, permissions and database), so the app in front
 * forwards every request unchanged and answers `/openapi.json` with the
 * plugin's own, whose paths the router already prefixes with that mount.
 */
export async function validatedAgainstSpec(backend: Server): Promise<Server> {
  const target = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  const app = express().use(
    createProxyMiddleware({
      target,
      pathRewrite: { '^/openapi\\.json$': `${MOUNT}/openapi.json` },
      logLevel: 'silent',
    }),
  );
  // The validating proxy forwards to `localhost`, over IPv6 whenever the port
  // also answers on ::1, and a host whose /etc/hosts names only 127.0.0.1
  // localhost then cannot resolve it. Listening on IPv4 alone avoids that.
  const listen = app.listen.bind(app);
  app.listen = ((port: number) => listen(port, '127.0.0.1')) as typeof listen;
  const wrapped = await wrapServer(app);
  // wrapServer's address() returns the proxy's URL; supertest 7.3 reads
  // `address` and `port` of a Node AddressInfo, so give it one.
  const proxy = wrapped.address() as unknown as URL;
  const address: AddressInfo = {
    address: proxy.hostname,
    port: Number(proxy.port),
    family: 'IPv4',
  };
  return Object.assign(wrapped, { address: () => address });
}
