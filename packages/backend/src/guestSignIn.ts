import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';

/**
 * The cookie a developer (or an end-to-end test) sets to enter as another
 * catalog user than the configured guest, e.g. `user:default/dora.nagy`:
 * trying the portal as a release manager and as a service owner needs two
 * people, and a local portal has no identity provider to hold them.
 */
export const SIGN_IN_AS_COOKIE = 'portal-sign-in-as';

interface GuestSignInResult {
  /** The catalog user asked for through the cookie, if any. */
  signInAs?: string;
}

/**
 * Whether guest sign-in is allowed at all, as the upstream guest module
 * decides it: only in development unless explicitly allowed.
 */
function guestAllowed(config: Config) {
  return (
    process.env.NODE_ENV === 'development' ||
    config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') === true
  );
}

const guestAuthenticator = createProxyAuthenticator<
  { allowed: boolean },
  GuestSignInResult,
  unknown
>({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize: ({ config }) => ({ allowed: guestAllowed(config) }),
  async authenticate({ req }, { allowed }) {
    if (!allowed) {
      throw new NotAllowedError(
        "The guest provider cannot be used outside of a development environment unless 'auth.providers.guest.dangerouslyAllowOutsideDevelopment' is enabled",
      );
    }
    const signInAs = (req.cookies as Record<string, string> | undefined)?.[
      SIGN_IN_AS_COOKIE
    ];
    return { result: { signInAs: signInAs?.trim() || undefined } };
  },
});

/**
 * Signs the guest in as the configured catalog user or, where
 * `auth.environment` is `development`, as the catalog user the sign-in-as
 * cookie names. That user must exist in the catalog: an unknown name is
 * refused rather than given a made-up identity.
 */
export function guestSignInResolver(
  rootConfig: Config,
): SignInResolver<GuestSignInResult> {
  const config = rootConfig.getConfig('auth.providers.guest');
  const development =
    (rootConfig.getOptionalString('auth.environment') ?? 'development') ===
    'development';
  const guestRef =
    config.getOptionalString('userEntityRef') ?? 'user:development/guest';
  return async ({ result }, ctx) => {
    if (result.signInAs) {
      if (!development) {
        throw new NotAllowedError(
          `Signing in as another user (cookie ${SIGN_IN_AS_COOKIE}) is only possible where auth.environment is development`,
        );
      }
      let ref;
      try {
        ref = parseEntityRef(result.signInAs, {
          defaultKind: 'user',
          defaultNamespace: 'default',
        });
      } catch (error) {
        throw new InputError(
          `Cookie ${SIGN_IN_AS_COOKIE} must name a catalog user, e.g. user:default/dora.nagy: ${
            (error as Error).message
          }`,
        );
      }
      if (ref.kind.toLocaleLowerCase('en-US') !== 'user') {
        throw new InputError(
          `Cookie ${SIGN_IN_AS_COOKIE} must name a User entity, not ${stringifyEntityRef(
            ref,
          )}`,
        );
      }
      // No fallback: the person asked for this user and gets it or an error.
      return ctx.signInWithCatalogUser({ entityRef: ref });
    }
    try {
      return await ctx.signInWithCatalogUser({ entityRef: guestRef });
    } catch {
      // As the upstream guest module: a guest without a User entity still
      // gets in, owning what its own reference owns.
      return ctx.issueToken({
        claims: {
          sub: guestRef,
          ent: config.getOptionalStringArray('ownershipEntityRefs') ?? [
            guestRef,
          ],
        },
      });
    }
  };
}

/**
 * The guest provider of a local portal (`auth.providers.guest`), as
 * `@backstage/plugin-auth-backend-module-guest-provider` offers it, plus
 * signing in as a named catalog user in development. The production
 * configuration removes the provider altogether (`guest: null`).
 */
export const authModuleGuestSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'guest-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        if (!config.has('auth.providers.guest')) return;
        providers.registerProvider({
          providerId: 'guest',
          factory: createProxyAuthProviderFactory({
            authenticator: guestAuthenticator,
            signInResolver: guestSignInResolver(config),
          }),
        });
      },
    });
  },
});
