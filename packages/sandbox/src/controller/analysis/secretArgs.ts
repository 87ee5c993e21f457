import { Cluster } from '../../k8s/cluster';
import { SECRETS } from '../../k8s/resources';

/**
 * resolveArgs of analysis/analysis.go: arguments whose value comes from a
 * Secret (`valueFrom.secretKeyRef`) are read from the run's namespace on every
 * reconciliation. The values are returned too, so that they can be redacted
 * from measurement messages as upstream does.
 */
export function resolveSecretArgs(
  cluster: Cluster,
  namespace: string,
  args: any[],
): { args: any[]; secrets: string[] } {
  const secrets = new Set<string>();
  const resolved = args.map(arg => {
    const ref = arg?.valueFrom?.secretKeyRef;
    if (!ref) return arg;
    if (arg.value !== undefined) {
      throw new Error(`arg ${arg.name} has both Value and ValueFrom fields`);
    }
    const secret = cluster.peek(SECRETS, namespace, ref.name);
    if (!secret) throw new Error(`secrets "${ref.name}" not found`);
    const encoded = secret.data?.[ref.key];
    const value =
      typeof encoded === 'string'
        ? Buffer.from(encoded, 'base64').toString('utf8')
        : '';
    secrets.add(value);
    return { ...arg, value };
  });
  return { args: resolved, secrets: [...secrets].filter(Boolean) };
}

/** Replaces secret values in a measurement message with `*****`. */
export function redactSecrets(
  message: string | undefined,
  secrets: string[],
): string | undefined {
  if (message === undefined) return message;
  return secrets.reduce(
    (text, secret) => text.split(secret).join('*****'),
    message,
  );
}
