import { redactAnswers } from './GoldenPathProvenance';

describe('redactAnswers', () => {
  it('drops secret-like keys, excluded keys and secret values at any depth', () => {
    expect(
      redactAnswers(
        {
          name: 'payments',
          apiToken: 'abc',
          database: { engine: 'postgresql', password: 'p', note: 'hunter2' },
          internal: 'x',
          steps: [{ weight: 10 }, 'hunter2'],
        },
        ['hunter2', ''],
        ['internal'],
      ),
    ).toEqual({
      name: 'payments',
      database: { engine: 'postgresql' },
      steps: [{ weight: 10 }],
    });
  });
});
