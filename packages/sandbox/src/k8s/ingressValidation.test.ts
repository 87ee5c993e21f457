import { INGRESSES } from './resources';
import { invalid } from './errors';
import { validateIngress } from './ingressValidation';

const paths = (path: object) => ({
  rules: [{ host: 'web.example', http: { paths: [path] } }],
});
const backend = { service: { name: 'web-stable', port: { number: 80 } } };

describe('validateIngress', () => {
  it('accepts what the golden path writes', () => {
    expect(
      validateIngress(paths({ path: '/', pathType: 'Prefix', backend })),
    ).toEqual([]);
  });

  it('refuses a path without pathType, as kubectl apply would show', () => {
    const errors = validateIngress(paths({ path: '/', backend }));
    expect(invalid(INGRESSES, 'web', errors).message).toBe(
      'Ingress.networking.k8s.io "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
    );
  });

  it('refuses relative Prefix paths, unknown path types and port-less backends', () => {
    expect(
      validateIngress(paths({ path: 'api', pathType: 'Prefix', backend })),
    ).toEqual([
      expect.objectContaining({
        field: 'spec.rules[0].http.paths[0].path',
        detail: 'must be an absolute path',
      }),
    ]);
    expect(
      validateIngress(paths({ path: '/', pathType: 'Regex', backend }))[0],
    ).toMatchObject({ type: 'NotSupported', value: 'Regex' });
    expect(
      validateIngress(
        paths({
          path: '/',
          pathType: 'Prefix',
          backend: { service: { name: 'web' } },
        }),
      ),
    ).toEqual([
      expect.objectContaining({
        field: 'spec.rules[0].http.paths[0].backend.service.port',
        detail: 'port name or number is required',
      }),
    ]);
    expect(validateIngress({})[0].detail).toBe(
      'either `defaultBackend` or `rules` must be specified',
    );
  });
});
