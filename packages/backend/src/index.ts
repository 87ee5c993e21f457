import { createBackend } from '@backstage/backend-defaults';
import { deliveryModuleGithubActions } from '@internal/plugin-delivery-backend';
import { authModuleGuestSignIn } from './guestSignIn';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
// Guest sign-in is configured only in app-config.yaml (development); the
// production config signs people in through OpenID Connect.
backend.add(authModuleGuestSignIn);
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@internal/plugin-catalog-backend-module-golden-paths'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Publishing: Gitea (the sandbox's git host by default), GitHub and GitLab;
// each needs its integration under `integrations` in app-config.
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitea'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(import('@internal/plugin-scaffolder-backend-module-golden-paths'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-portal-policy'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@internal/plugin-delivery-backend'));
// A named export: a dynamic import of it is undefined once compiled to
// CommonJS (the exports sit under `default`), so it is imported statically.
backend.add(deliveryModuleGithubActions);

backend.start();
