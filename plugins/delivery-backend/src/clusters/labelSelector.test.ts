import { matchesLabels, parseLabelSelector } from './labelSelector';

describe('label selectors answered from memory', () => {
  const labels = {
    app: 'cart',
    tier: 'api',
    'backstage.io/kubernetes-id': 'cart-api',
  };

  it.each([
    ['app=cart', true],
    ['app==cart', true],
    ['app=orders', false],
    ['app!=orders', true],
    ['tier in (web, api)', true],
    ['tier notin (api)', false],
    ['backstage.io/kubernetes-id', true],
    ['!canary', true],
    ['!app', false],
    ['app=cart,tier in (api),!canary', true],
    ['app=cart,tier=web', false],
  ])('%s matches: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('an absent label fails equality and passes inequality', () => {
    expect(matchesLabels(parseLabelSelector('x=y'), undefined)).toBe(false);
    expect(matchesLabels(parseLabelSelector('x!=y'), undefined)).toBe(true);
  });

  it('refuses a selector it cannot read, naming the term', () => {
    expect(() => parseLabelSelector('app in cart')).toThrow(
      /cannot be parsed at 'app in cart'/,
    );
  });
});
