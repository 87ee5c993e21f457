import { SignInPage } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  SignInPageProps,
} from '@backstage/plugin-app-react';
import { oidcAuthApiRef } from './oidcAuthApi';

/**
 * Guest sign-in where `auth.environment` is `development` (app-config.yaml,
 * where the backend configures the guest provider); everywhere else the
 * organisation's OpenID Connect provider, the only one the production
 * backend accepts.
 */
export function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const environment =
    config.getOptionalString('auth.environment') ?? 'development';
  if (environment === 'development') {
    return <SignInPage {...props} providers={['guest']} />;
  }
  return (
    <SignInPage
      {...props}
      auto
      providers={[
        {
          id: 'oidc',
          title: 'Single sign-on',
          message: 'Sign in with your organisation account',
          apiRef: oidcAuthApiRef,
        },
      ]}
    />
  );
}

export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => PortalSignInPage,
  },
});
