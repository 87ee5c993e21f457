import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { readClusterConfigs } from './ClusterConfig';
import { KubernetesClusterClient } from './KubernetesClusterClient';

/** The configured clusters, by name. */
export class ClusterRegistry {
  readonly #clients: Map<string, KubernetesClusterClient>;

  static fromConfig(
    config: Config,
    options: { logger: LoggerService; timeoutMs: number },
  ): ClusterRegistry {
    const clusters = readClusterConfigs(config, options.logger);
    return new ClusterRegistry(
      clusters.map(cluster =>
        KubernetesClusterClient.create(cluster, {
          timeoutMs: options.timeoutMs,
        }),
      ),
    );
  }

  constructor(clients: KubernetesClusterClient[]) {
    this.#clients = new Map(clients.map(client => [client.name, client]));
  }

  names(): string[] {
    return [...this.#clients.keys()];
  }

  all(): KubernetesClusterClient[] {
    return [...this.#clients.values()];
  }

  has(name: string): boolean {
    return this.#clients.has(name);
  }

  get(name: string): KubernetesClusterClient {
    const client = this.#clients.get(name);
    if (!client) {
      throw new NotFoundError(
        `No cluster named '${name}' is configured; known clusters: ${
          this.names().join(', ') || 'none'
        }`,
      );
    }
    return client;
  }
}
