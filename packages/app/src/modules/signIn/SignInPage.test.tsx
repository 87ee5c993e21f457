import { configApiRef } from '@backstage/frontend-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { oidcAuthApiRef } from './oidcAuthApi';
import { PortalSignInPage } from './SignInPage';

function renderWith(environment: string) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        // Nobody is signed in at the provider yet.
        [
          oidcAuthApiRef,
          {
            getBackstageIdentity: jest.fn(async () => undefined),
            getProfile: jest.fn(async () => undefined),
            getIdToken: jest.fn(async () => ''),
            signIn: jest.fn(),
            signOut: jest.fn(),
          },
        ],
        [
          configApiRef,
          mockApis.config({
            data: { app: { title: 'Platform Portal' }, auth: { environment } },
          }),
        ],
      ]}
    >
      <PortalSignInPage onSignInSuccess={() => {}} />
    </TestApiProvider>,
  );
}

describe('PortalSignInPage', () => {
  it('offers single sign-on and no guest outside development', async () => {
    await renderWith('production');
    expect(await screen.findByText('Single sign-on')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your organisation account'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/guest/i)).not.toBeInTheDocument();
  });

  it('offers guest sign-in in development', async () => {
    await renderWith('development');
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText('Single sign-on')).not.toBeInTheDocument();
  });
});
