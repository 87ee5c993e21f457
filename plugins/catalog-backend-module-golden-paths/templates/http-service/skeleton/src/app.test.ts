import assert from 'node:assert/strict';
import { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApp } from './app';
import { createMetrics } from './metrics';

describe('service', () => {
  let ready = true;
  const app = createApp({
    serviceName: 'test-service',
    metrics: createMetrics(),
    isReady: () => ready,
  });
  let base = '';

  before(async () => {
    await new Promise<void>(resolve => app.listen(0, resolve));
    base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });

  after(() => {
    app.close();
  });

  it('answers the liveness probe', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
  });

  it('fails the readiness probe while not ready', async () => {
    ready = false;
    assert.equal((await fetch(`${base}/readyz`)).status, 503);
    ready = true;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
  });

  it('records request durations by route and status', async () => {
    await fetch(`${base}/`);
    await fetch(`${base}/missing`);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(
      metrics,
      /http_request_duration_seconds_count\{method="GET",route="\/",status="200"\} 1/,
    );
    assert.match(
      metrics,
      /http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/,
    );
    assert.match(
      metrics,
      /http_requests_total\{method="GET",route="\/",code="200"\} 1/,
    );
  });
});
