import { evaluateCondition, evaluateResult } from './expr';

describe('metric condition expressions', () => {
  it.each([
    ['result[0] >= 0.95', [0.97], true],
    ['result[0] >= 0.95', [0.9], false],
    ['len(result) == 0 || result[0] >= 0.95', [], true],
    ['result[0] < 0.05 && result[0] >= 0', [0.01], true],
    ['all(result, {# > 0.5})', [0.6, 0.7], true],
    ['any(result, {# > 0.9})', [0.6, 0.7], false],
    ['isNaN(result[0]) || result[0] <= 1', [0.2], true],
    ['not (result[0] > 1)', [0.2], true],
    ['result[0] * 100 >= 95', [0.96], true],
    ['result == 3', 3, true],
    ['default(result, 0) >= 0', null, true],
    ['isNil(result)', null, true],
    ['asInt(result[0]) == 2', [2.7], true],
  ])('%s with %j is %s', (expr, result, expected) => {
    expect(evaluateCondition(expr, result)).toBe(expected);
  });

  it('throws on type errors and bad indexes, like expr-lang', () => {
    expect(() => evaluateCondition('result >= 0.95', [0.97])).toThrow(
      /mismatched types/,
    );
    expect(() => evaluateCondition('result[0] >= 0.95', [])).toThrow(
      /index out of range/,
    );
    expect(() => evaluateCondition('result[0] >=', [1])).toThrow();
    expect(() => evaluateCondition('result[0]', [1])).toThrow(/expected bool/);
  });

  it('derives the measurement phase as evaluate.EvaluateResult does', () => {
    expect(evaluateResult([0.99], 'result[0] >= 0.95')).toBe('Successful');
    expect(evaluateResult([0.9], 'result[0] >= 0.95')).toBe('Failed');
    expect(evaluateResult([0.9], undefined, 'result[0] < 0.5')).toBe(
      'Successful',
    );
    expect(evaluateResult([0.9], 'result[0] >= 0.95', 'result[0] < 0.8')).toBe(
      'Inconclusive',
    );
    expect(evaluateResult([0.9])).toBe('Successful');
    expect(() => evaluateResult([], 'result[0] >= 0.95')).toThrow(
      'could not evaluate successCondition "result[0] >= 0.95": metric result is nil or empty: no data returned from the metric provider',
    );
  });
});
