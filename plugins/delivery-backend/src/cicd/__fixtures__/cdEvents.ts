import { randomUUID } from 'node:crypto';

/** Where cart-api's CI reports from; the test entity declares it. */
export const CART_SOURCE = 'https://git.example.com/acme/cart-api';

export interface FixtureEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  data: {
    context: Record<string, unknown>;
    subject: { id: string; source?: string; content: Record<string, unknown> };
    customData?: Record<string, unknown>;
  };
}

/**
 * A CDEvent in a structured-mode CloudEvent, as CI tools send them.
 * `spec: '0.5'` writes `context.specversion`, `'0.4'` `context.version`.
 */
export function cdEvent(
  type: string,
  subject: { id: string; source?: string; content?: Record<string, unknown> },
  options: {
    at?: string | number;
    source?: string;
    id?: string;
    spec?: '0.4' | '0.5';
    chainId?: string;
    customData?: Record<string, unknown>;
  } = {},
): FixtureEvent {
  const id = options.id ?? randomUUID();
  const source = options.source ?? `${CART_SOURCE}/actions/runs/1`;
  const fullType = `dev.cdevents.${type}`;
  const timestamp = new Date(options.at ?? Date.now()).toISOString();
  return {
    specversion: '1.0',
    id,
    source,
    type: fullType,
    time: timestamp,
    datacontenttype: 'application/json',
    data: {
      context: {
        ...(options.spec === '0.5'
          ? { specversion: '0.5.0' }
          : { version: '0.4.1' }),
        id,
        source,
        type: fullType,
        timestamp,
        ...(options.chainId ? { chainId: options.chainId } : {}),
      },
      subject: { content: {}, ...subject },
      ...(options.customData ? { customData: options.customData } : {}),
    },
  };
}
