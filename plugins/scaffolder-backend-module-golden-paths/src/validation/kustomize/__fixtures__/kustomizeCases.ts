/* eslint-disable jest/no-standalone-expect -- each case's check runs inside the test that renders it */
/**
 * Kustomize inputs written from kustomize's documented behaviour, each one a
 * construct the gate's former in-process renderer rendered differently from
 * kustomize without an error. `check` states what kustomize does, so a case
 * also fails if it stops exercising that behaviour.
 */
export interface KustomizeCase {
  name: string;
  files: Record<string, string>;
  /** The directory to render. */
  dir: string;
  /** What a user would see in kustomize's output. */
  check?: (byId: Record<string, any>) => void;
  /** Inputs kustomize rejects: part of its message. */
  rejects?: RegExp;
}

const deployment = (name: string, extra = '') => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: registry.example.test/${name}:1.0.0
${extra}`;

export const KUSTOMIZE_CASES: KustomizeCase[] = [
  {
    name: 'namePrefix and nameSuffix update references to renamed objects',
    dir: 'overlay',
    files: {
      'base/kustomization.yaml': 'resources: [app.yaml]\n',
      'base/app.yaml': `${deployment(
        'web',
        `      serviceAccountName: runner
      volumes:
        - name: settings
          configMap: {name: settings}
        - name: creds
          secret: {secretName: creds}`,
      ).replace(
        'image: registry.example.test/web:1.0.0',
        'image: registry.example.test/web:1.0.0\n          envFrom: [{configMapRef: {name: settings}}]',
      )}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: runner}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: runner}]
`,
      'overlay/kustomization.yaml':
        'resources: [../base]\nnamePrefix: prod-\nnameSuffix: -v2\n',
    },
    check: byId => {
      const pod = byId['Deployment/prod-web-v2'].spec.template.spec;
      expect(pod.serviceAccountName).toBe('prod-runner-v2');
      expect(pod.containers[0].envFrom[0].configMapRef.name).toBe(
        'prod-settings-v2',
      );
      expect(
        pod.volumes.map((v: any) => v.configMap?.name ?? v.secret?.secretName),
      ).toEqual(['prod-settings-v2', 'prod-creds-v2']);
      expect(byId['RoleBinding/prod-reader-v2'].roleRef.name).toBe(
        'prod-reader-v2',
      );
    },
  },
  {
    name: 'a strategic-merge patch with a target patches every match and renames none',
    dir: 'overlay',
    files: {
      'base/kustomization.yaml': 'resources: [a.yaml, b.yaml]\n',
      'base/a.yaml': deployment('alpha'),
      'base/b.yaml': deployment('beta'),
      'overlay/kustomization.yaml': `
resources: [../base]
patches:
  - target: {kind: Deployment}
    patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: any-name
      spec:
        replicas: 3
`,
    },
    check: byId => {
      expect(byId['Deployment/alpha'].spec.replicas).toBe(3);
      expect(byId['Deployment/beta'].spec.replicas).toBe(3);
      expect(byId['Deployment/any-name']).toBeUndefined();
    },
  },
  {
    name: 'patches reach a base object by its original name and by a set-based selector',
    dir: 'overlay',
    files: {
      'base/kustomization.yaml':
        'resources: [app.yaml, worker.yaml]\nnamePrefix: shop-\n',
      'base/app.yaml': deployment('web'),
      'base/worker.yaml': deployment('worker'),
      'overlay/kustomization.yaml': `
resources: [../base]
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 4
  - target:
      kind: Deployment
      labelSelector: "app in (worker)"
    patch: |-
      - op: add
        path: /spec/replicas
        value: 2
`,
    },
    check: byId => {
      expect(byId['Deployment/shop-web'].spec.replicas).toBe(4);
      expect(byId['Deployment/shop-worker'].spec.replicas).toBe(2);
    },
  },
  {
    name: 'namespace leaves cluster-scoped kinds alone and fixes binding subjects',
    dir: 'overlay',
    files: {
      'overlay/kustomization.yaml':
        'namespace: shop\nresources: [objects.yaml]\n',
      'overlay/objects.yaml': `
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: reader}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: ServiceAccount, name: default, namespace: default}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: elsewhere}
`,
    },
    check: byId => {
      expect(byId['ClusterRole/reader'].metadata.namespace).toBeUndefined();
      expect(
        byId['ClusterRoleBinding/reader'].metadata.namespace,
      ).toBeUndefined();
      expect(byId['ConfigMap/settings'].metadata.namespace).toBe('shop');
    },
  },
  {
    name: 'commonLabels go into selectors, templates and affinity terms as kustomize decides',
    dir: 'overlay',
    files: {
      'overlay/kustomization.yaml': `
resources: [app.yaml]
commonLabels: {team: shop}
`,
      'overlay/app.yaml': `${deployment(
        'web',
        `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - topologyKey: kubernetes.io/hostname
              labelSelector:
                matchLabels: {app: web}`,
      )}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web}
spec:
  podSelector:
    matchLabels: {app: web}
  ingress:
    - from:
        - podSelector:
            matchLabels: {app: web}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`,
    },
    check: byId => {
      const web = byId['Deployment/web'];
      expect(web.spec.selector.matchLabels.team).toBe('shop');
      expect(web.spec.template.metadata.labels.team).toBe('shop');
      expect(byId['Service/web'].spec.selector.team).toBe('shop');
      expect(byId['NetworkPolicy/web'].spec.podSelector.matchLabels.team).toBe(
        'shop',
      );
    },
  },
  {
    name: 'Service ports merge by port and protocol',
    dir: 'overlay',
    files: {
      'base/kustomization.yaml': 'resources: [service.yaml]\n',
      'base/service.yaml': `
apiVersion: v1
kind: Service
metadata: {name: dns}
spec:
  selector: {app: dns}
  ports:
    - {name: dns-tcp, port: 53, protocol: TCP}
`,
      'overlay/kustomization.yaml': `
resources: [../base]
patches:
  - patch: |-
      apiVersion: v1
      kind: Service
      metadata: {name: dns}
      spec:
        ports:
          - {name: dns-udp, port: 53, protocol: UDP}
`,
    },
    check: byId => {
      expect(
        byId['Service/dns'].spec.ports.map((p: any) => p.protocol).sort(),
      ).toEqual(['TCP', 'UDP']);
    },
  },
  {
    name: 'images with newTag and digest',
    dir: 'overlay',
    files: {
      'overlay/kustomization.yaml': `
resources: [app.yaml]
images:
  - name: registry.example.test/web
    newTag: "2.0.0"
    digest: sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3
`,
      'overlay/app.yaml': deployment('web'),
    },
    check: byId => {
      expect(
        byId['Deployment/web'].spec.template.spec.containers[0].image,
      ).toMatch(/^registry\.example\.test\/web.*@sha256:24a0c4b4/);
    },
  },
  {
    name: 'a kind: List file contributes its items',
    dir: 'overlay',
    files: {
      'overlay/kustomization.yaml': 'resources: [list.yaml]\nnamePrefix: x-\n',
      'overlay/list.yaml': `
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: one}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: two}
`,
    },
    check: byId => {
      expect(Object.keys(byId).sort()).toEqual([
        'ConfigMap/x-one',
        'ConfigMap/x-two',
      ]);
    },
  },
  {
    name: 'YAML merge keys are resolved',
    dir: 'overlay',
    files: {
      'overlay/kustomization.yaml': 'resources: [settings.yaml]\n',
      'overlay/settings.yaml': `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: &labels {app: web}
spec:
  selector:
    matchLabels:
      <<: *labels
  template:
    metadata:
      labels:
        <<: *labels
        tier: front
    spec:
      containers: [{name: app, image: web}]
`,
    },
    check: byId => {
      expect(byId['Deployment/web'].spec.template.metadata.labels).toEqual({
        app: 'web',
        tier: 'front',
      });
    },
  },
  {
    name: 'two objects with the same ID are rejected',
    dir: 'overlay',
    files: {
      'overlay/kustomization.yaml': 'resources: [a.yaml, b.yaml]\n',
      'overlay/a.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
      'overlay/b.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
    },
    rejects: /already registered id/,
  },
  {
    name: 'a directory with two kustomization files is rejected',
    dir: 'overlay',
    files: {
      'overlay/kustomization.yaml': 'resources: []\n',
      'overlay/kustomization.yml': 'resources: []\n',
    },
    rejects: /Found multiple kustomization files/,
  },
];
