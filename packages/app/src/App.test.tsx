import { render, screen } from '@testing-library/react';
import App from './App';

jest.setTimeout(30_000);

describe('App', () => {
  it('greets a visitor with the portal sign-in page', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Platform Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
            auth: { environment: 'development' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    // Nobody is signed in, so the whole app waits behind the sign-in page,
    // which names the portal and, in development, lets a guest in.
    // The app loads its plugins first, which takes a while in a test.
    expect(
      await screen.findByRole(
        'heading',
        { name: 'Platform Portal' },
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  });
});
