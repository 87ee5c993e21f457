export interface Config {
  catalog?: {
    providers?: {
      /**
       * The golden-path software templates bundled with
       * @internal/plugin-catalog-backend-module-golden-paths.
       */
      goldenPaths?: {
        /**
         * The group that owns the templates in the catalog, as an entity
         * ref. Defaults to the owner written in each template.
         * @visibility backend
         */
        owner?: string;
        /**
         * Git hosts a new repository may be created on, offered by the
         * templates' RepoUrlPicker. Each needs a matching integration entry
         * (`integrations.gitea`, `.github` or `.gitlab`). Defaults to the hosts written in the templates.
         * @visibility backend
         */
        allowedHosts?: string[];
        /**
         * Where new repositories are published: `gitea` (default), `github`
         * or `gitlab`, with the matching integration configured for the
         * allowed hosts.
         * @visibility backend
         */
        publisher?: 'gitea' | 'github' | 'gitlab';
        /**
         * Platform settings rendered into every scaffolded repository.
         */
        platform?: {
          /**
           * The Prometheus server the Argo Rollouts analysis queries, as seen
           * from inside the clusters.
           * @visibility backend
           */
          prometheusAddress?: string;
        };
      };
    };
  };
}
