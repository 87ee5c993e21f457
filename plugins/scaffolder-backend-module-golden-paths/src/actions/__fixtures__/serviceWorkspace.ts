/** A small scaffolded service repository that passes the IaC gate. */
export const serviceWorkspace: Record<string, string> = {
  'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    backstage.io/kubernetes-id: payments
spec:
  type: service
  lifecycle: experimental
  owner: group:default/checkout
`,
  'deploy/base/kustomization.yaml': `resources:
  - rollout.yaml
  - services.yaml
labels:
  - pairs:
      backstage.io/kubernetes-id: payments
`,
  'deploy/base/rollout.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: payments
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: payments
  template:
    metadata:
      labels:
        app.kubernetes.io/name: payments
        backstage.io/kubernetes-id: payments
    spec:
      containers:
        - name: app
          image: payments:latest
  strategy:
    canary:
      canaryService: payments-canary
      stableService: payments
      steps:
        - setWeight: 20
        - pause: { duration: 2m }
`,
  'deploy/base/services.yaml': `apiVersion: v1
kind: Service
metadata:
  name: payments
spec:
  selector:
    app.kubernetes.io/name: payments
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: payments-canary
spec:
  selector:
    app.kubernetes.io/name: payments
  ports:
    - port: 80
      targetPort: 8080
`,
  'deploy/overlays/production/kustomization.yaml': `resources:
  - ../../base
namespace: payments
patches:
  - target:
      kind: Rollout
      name: payments
    patch: |-
      - op: replace
        path: /spec/replicas
        value: 4
`,
  'infra/main.tf': `resource "kubernetes_namespace" "this" {
  metadata {
    name = var.namespace
  }
}
`,
  'infra/variables.tf': `variable "namespace" {
  type = string
}
`,
  'infra/environments/production.tfvars': `namespace = "payments"
`,
  '.github/workflows/ci.yaml': `name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
`,
};
