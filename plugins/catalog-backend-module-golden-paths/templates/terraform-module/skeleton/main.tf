# A starting point: a labelled namespace with an optional resource quota.
# Replace it with what the module provisions, keeping the layout.
resource "kubernetes_namespace" "this" {
  metadata {
    name   = var.name
    labels = merge(var.labels, { "app.kubernetes.io/managed-by" = "terraform" })
  }
}

resource "kubernetes_resource_quota" "this" {
  count = var.quota == null ? 0 : 1

  metadata {
    name      = "${var.name}-quota"
    namespace = kubernetes_namespace.this.metadata[0].name
  }

  spec {
    hard = {
      "requests.cpu"    = var.quota.cpu
      "requests.memory" = var.quota.memory
      "pods"            = tostring(var.quota.pods)
    }
  }
}
