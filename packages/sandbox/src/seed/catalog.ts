import { ProfileInput } from '../traffic/profiles';

/**
 * The demo estate: eight services in three namespaces, deployed to staging
 * and production, some of them caught mid-release in production.
 */

export type Strategy = 'canary' | 'blueGreen';

export interface ReleaseStep {
  version: string;
  profile?: ProfileInput;
}

export interface ServiceSeed {
  name: string;
  namespace: string;
  strategy: Strategy;
  replicas: number;
  /** Canary steps (ignored for blue/green). */
  steps?: any[];
  /** Background analysis for canaries. */
  backgroundAnalysis?: boolean;
  /** Blue/green: promotion needs a human, with pre-promotion analysis. */
  manualPromotion?: boolean;
  /** Requests per second at full traffic. */
  baselineRps: number;
  /** Per cluster: the version deployed first, then optional releases applied on top. */
  clusters: Record<string, { version: string; releases?: ReleaseStep[] }>;
}

export const REGISTRY = 'registry.acme.example';

export const image = (service: string, version: string) =>
  `${REGISTRY}/${service}:${version}`;

/** Arguments are filled in per service by the manifest builder. */
const analysisStep = {
  analysis: { templates: [{ templateName: 'success-rate' }] },
};

export const SERVICES: ServiceSeed[] = [
  {
    name: 'storefront-web',
    namespace: 'storefront',
    strategy: 'canary',
    replicas: 4,
    steps: [
      { setWeight: 20 },
      { pause: {} },
      { setWeight: 50 },
      { pause: { duration: '60s' } },
      { setWeight: 100 },
    ],
    baselineRps: 180,
    clusters: {
      staging: { version: '2.8.0' },
      production: { version: '2.7.3' },
    },
  },
  {
    name: 'product-catalog',
    namespace: 'storefront',
    strategy: 'canary',
    replicas: 3,
    steps: [
      { setWeight: 20 },
      { pause: {} },
      analysisStep,
      { setWeight: 60 },
      { pause: { duration: '30s' } },
    ],
    baselineRps: 95,
    clusters: {
      staging: { version: '1.12.0' },
      production: {
        version: '1.11.4',
        releases: [{ version: '1.12.0', profile: 'healthy' }],
      },
    },
  },
  {
    name: 'search-api',
    namespace: 'storefront',
    strategy: 'canary',
    replicas: 3,
    steps: [
      { setWeight: 25 },
      { pause: { duration: '30s' } },
      { setWeight: 75 },
      { pause: { duration: '30s' } },
    ],
    baselineRps: 120,
    clusters: {
      staging: { version: '3.4.1' },
      production: { version: '3.4.1' },
    },
  },
  {
    name: 'cart-api',
    namespace: 'checkout',
    strategy: 'canary',
    replicas: 3,
    steps: [
      { setWeight: 10 },
      { pause: { duration: '60s' } },
      { setWeight: 30 },
      { pause: { duration: '60s' } },
      { setWeight: 60 },
      { pause: { duration: '60s' } },
    ],
    baselineRps: 60,
    clusters: {
      staging: { version: '1.9.0' },
      production: {
        version: '1.8.2',
        releases: [{ version: '1.9.0', profile: 'healthy' }],
      },
    },
  },
  {
    name: 'payments-api',
    namespace: 'checkout',
    strategy: 'blueGreen',
    replicas: 2,
    manualPromotion: true,
    baselineRps: 40,
    clusters: {
      staging: { version: '4.2.0' },
      production: {
        version: '4.1.3',
        releases: [{ version: '4.2.0', profile: 'healthy' }],
      },
    },
  },
  {
    name: 'orders-api',
    namespace: 'checkout',
    strategy: 'canary',
    replicas: 3,
    steps: [
      { setWeight: 30 },
      { pause: { duration: '45s' } },
      { setWeight: 70 },
      { pause: { duration: '45s' } },
    ],
    baselineRps: 55,
    clusters: {
      staging: { version: '2.3.0' },
      production: { version: '2.3.0' },
    },
  },
  {
    name: 'shipping-api',
    namespace: 'fulfilment',
    strategy: 'canary',
    replicas: 3,
    steps: [
      { setWeight: 20 },
      analysisStep,
      { setWeight: 50 },
      { pause: { duration: '60s' } },
    ],
    baselineRps: 35,
    clusters: {
      staging: { version: '1.6.0' },
      production: {
        version: '1.5.2',
        releases: [{ version: '1.6.0', profile: 'errors' }],
      },
    },
  },
  {
    name: 'inventory-api',
    namespace: 'fulfilment',
    strategy: 'canary',
    replicas: 2,
    steps: [{ setWeight: 50 }, { pause: { duration: '30s' } }],
    baselineRps: 25,
    clusters: {
      staging: { version: '0.14.2' },
      production: { version: '0.14.2' },
    },
  },
];
