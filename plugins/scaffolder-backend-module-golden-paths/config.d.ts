export interface Config {
  goldenPaths?: {
    validation?: {
      /**
       * The command the IaC gate (`goldenpath:iac:validate`) renders
       * kustomizations with; the kustomization directory is appended. For
       * example `kubectl kustomize` or `/usr/local/bin/kustomize build`; a bare
       * executable gets `kustomize` (kubectl) or `build` (kustomize) added.
       * When set, the backend does not start if the command is missing. When
       * not set, `kustomize build` is used, else `kubectl kustomize`, from PATH.
       */
      kustomizeCommand?: string;
    };
  };
}
