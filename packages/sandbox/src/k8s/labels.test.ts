import { ApiError } from './errors';
import {
  formatLabelSelector,
  matchesRequirements,
  parseLabelSelector,
  selectorMatches,
} from './labels';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend', version: '3' };
  const matches = (s: string) =>
    matchesRequirements(parseLabelSelector(s), labels);

  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=api', true],
    ['app in (web,api)', true],
    ['app in (api)', false],
    ['app notin (api), tier', true],
    ['!missing', true],
    ['!app', false],
    ['missing', false],
    ['version>2,version<4', true],
    ['', true],
  ])('%s matches: %s', (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  it('rejects malformed selectors with 400', () => {
    expect(() => parseLabelSelector('app in web')).toThrow(ApiError);
    expect(() => parseLabelSelector('=x')).toThrow(ApiError);
  });

  it('evaluates and formats structured selectors like metav1', () => {
    const selector = {
      matchLabels: { tier: 'frontend', app: 'web' },
      matchExpressions: [
        { key: 'version', operator: 'In' as const, values: ['3', '2'] },
      ],
    };
    expect(selectorMatches(selector, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
    expect(selectorMatches({}, labels)).toBe(true);
    expect(formatLabelSelector(selector)).toBe(
      'app=web,tier=frontend,version in (2,3)',
    );
  });
});
