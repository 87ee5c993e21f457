import { createApp } from './app';
import { createMetrics } from './metrics';

const port = Number(process.env.PORT ?? 8080);
const serviceName = process.env.SERVICE_NAME ?? 'service';

let ready = false;
const server = createApp({
  serviceName,
  metrics: createMetrics(),
  isReady: () => ready,
});

server.listen(port, () => {
  ready = true;
  process.stdout.write(`${serviceName} listening on port ${port}\n`);
});

// Kubernetes sends SIGTERM before it stops a pod: fail readiness first so no
// new traffic arrives, then finish the requests in flight.
process.on('SIGTERM', () => {
  ready = false;
  setTimeout(() => server.close(() => process.exit(0)), 5000).unref();
});
