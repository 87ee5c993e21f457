import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { oidcAuthApi } from './oidcAuthApi';
import { signInPage } from './SignInPage';

/** The sign-in page and the OIDC auth API it signs in with. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, oidcAuthApi],
});
