import { ConfigReader } from '@backstage/config';
import { AuthResolverContext } from '@backstage/plugin-auth-node';
import { guestSignInResolver } from './guestSignIn';

function config(environment: string) {
  return new ConfigReader({
    auth: {
      environment,
      providers: { guest: { userEntityRef: 'user:default/guest' } },
    },
  });
}

function context() {
  const signInWithCatalogUser = jest.fn(async () => ({ token: 'catalog' }));
  const issueToken = jest.fn(async () => ({ token: 'issued' }));
  return {
    ctx: {
      signInWithCatalogUser,
      issueToken,
    } as unknown as AuthResolverContext,
    signInWithCatalogUser,
    issueToken,
  };
}

const signIn = (signInAs: string | undefined) => ({
  result: { signInAs },
  profile: {},
});

describe('guestSignInResolver', () => {
  it('signs the guest in as the configured user without the cookie', async () => {
    const { ctx, signInWithCatalogUser } = context();
    await guestSignInResolver(config('development'))(signIn(undefined), ctx);
    expect(signInWithCatalogUser).toHaveBeenCalledWith({
      entityRef: 'user:default/guest',
    });
  });

  it('signs in as the catalog user the cookie names, in development', async () => {
    const { ctx, signInWithCatalogUser, issueToken } = context();
    const resolve = guestSignInResolver(config('development'));
    await expect(resolve(signIn('dora.nagy'), ctx)).resolves.toEqual({
      token: 'catalog',
    });
    expect(signInWithCatalogUser).toHaveBeenCalledWith({
      entityRef: { kind: 'user', namespace: 'default', name: 'dora.nagy' },
    });
    // A name the catalog does not know is refused, not made up.
    signInWithCatalogUser.mockRejectedValueOnce(new Error('no such user'));
    await expect(resolve(signIn('user:default/nobody'), ctx)).rejects.toThrow(
      'no such user',
    );
    expect(issueToken).not.toHaveBeenCalled();
  });

  it('refuses a cookie naming something other than a user', async () => {
    const { ctx } = context();
    await expect(
      guestSignInResolver(config('development'))(
        signIn('group:default/release-managers'),
        ctx,
      ),
    ).rejects.toThrow(/must name a User entity/);
  });

  it('refuses the cookie outside development', async () => {
    const { ctx, signInWithCatalogUser } = context();
    await expect(
      guestSignInResolver(config('production'))(
        signIn('user:default/dora.nagy'),
        ctx,
      ),
    ).rejects.toThrow(/only possible where auth.environment is development/);
    expect(signInWithCatalogUser).not.toHaveBeenCalled();
  });
});
