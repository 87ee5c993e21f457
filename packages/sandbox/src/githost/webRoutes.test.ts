import { DEFAULT_GIT_USER } from './accounts';
import { publishWithGitea, removeTempDirs } from '../__testUtils__/gitea';
import { GitHost, startGitHost } from './gitHost';

jest.setTimeout(30000);

/** The links Backstage shows for a repository on the git host, opened as a browser opens them. */
describe('git host web links', () => {
  let gitHost: GitHost;

  beforeAll(async () => {
    gitHost = await startGitHost({ host: '127.0.0.1', port: 0 });
    await publishWithGitea(gitHost.url, 'owner=acme&repo=links');
  });
  afterAll(async () => {
    await gitHost.close();
    removeTempDirs();
  });

  it("opens the repository from its clone URL (the scaffolder's repository link)", async () => {
    const res = await fetch(`${gitHost.url}/acme/links.git`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<title>acme/links at main</title>');
    expect(page).toContain('catalog-info.yaml');
    expect((await fetch(`${gitHost.url}/acme/nothing.git`)).status).toBe(404);
  });

  it('sends anonymous browsers of the edit link to sign in, then back to the file', async () => {
    const edit = `/acme/links/_edit/main/catalog-info.yaml`;
    const anonymous = await fetch(`${gitHost.url}${edit}`, {
      redirect: 'manual',
    });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/user/login');
    const remembered = anonymous.headers.get('set-cookie')!.split(';')[0];
    expect(remembered).toBe(`redirect_to=${encodeURIComponent(edit)}`);

    const wrong = await fetch(`${gitHost.url}/user/login`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        cookie: remembered,
      },
      body: new URLSearchParams({
        user_name: DEFAULT_GIT_USER.username,
        password: 'nope',
      }),
      redirect: 'manual',
    });
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toContain('Username or password is incorrect.');

    const signIn = await fetch(`${gitHost.url}/user/login`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        cookie: remembered,
      },
      body: new URLSearchParams({
        user_name: DEFAULT_GIT_USER.username,
        password: DEFAULT_GIT_USER.password,
      }),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe(edit);
    const session = signIn.headers
      .getSetCookie()
      .find(c => c.startsWith('i_like_gitea='))!
      .split(';')[0];

    const page = await fetch(`${gitHost.url}${edit}`, {
      headers: { cookie: session },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Edit acme/links: catalog-info.yaml on main');
    expect(html).toMatch(
      /<textarea name="content"[^>]*>apiVersion: backstage.io\/v1alpha1/,
    );

    const missing = await fetch(
      `${gitHost.url}/acme/links/_edit/main/nope.yaml`,
      {
        headers: { cookie: session },
      },
    );
    expect(missing.status).toBe(404);
  });
});
