output "name" {
  description = "The namespace's name."
  value       = kubernetes_namespace.this.metadata[0].name
}
