variable "name" {
  description = "The namespace's name."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.name)) && length(var.name) <= 63
    error_message = "The name must be a DNS-1123 label: lower-case letters, digits and dashes, at most 63 characters."
  }
}

variable "labels" {
  description = "Labels added to the namespace."
  type        = map(string)
  default     = {}
}

variable "quota" {
  description = "Requests and pods allowed in the namespace; null for no quota."
  type = object({
    cpu    = string
    memory = string
    pods   = number
  })
  default = null
}
