export interface Config {
  delivery?: {
    /**
     * Groups whose members may act on every service's rollouts, in addition
     * to each service's owners. Entity refs; a bare name means a group in the
     * default namespace. Defaults to `group:default/release-managers`.
     * Read here alone: other plugins ask `releaseManagersServiceRef`.
     *
     * @visibility backend
     */
    releaseManagers?: string[];
  };

  permission?: {
    /**
     * Who may write to the software catalog. Release rights follow the
     * catalog (an entity's owner and its kubernetes annotations), so writes
     * are not open to everyone.
     */
    catalogWrites?: {
      /**
       * Groups whose members may register and delete locations, create
       * entities, and refresh or delete any entity. Everybody else may
       * refresh and delete only entities they own. Entity refs; a bare name
       * means a group in the default namespace. Defaults to
       * `group:default/platform`.
       *
       * @visibility backend
       */
      admins?: string[];
    };
  };
}
