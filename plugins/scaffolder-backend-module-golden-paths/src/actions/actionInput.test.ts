import {
  ScaffolderDryRun,
  startScaffolderDryRun,
} from './__testUtils__/scaffolderDryRun';

jest.setTimeout(60_000);

function step(action: string, input: unknown) {
  return JSON.stringify({
    steps: [{ id: 'step', name: 'Step', action, input }],
  });
}

/**
 * The actions declare their input field by field; the scaffolder checks a
 * step's input against that schema before the action runs and answers with
 * the field that is wrong.
 */
describe('input to the golden-path actions', () => {
  let scaffolder: ScaffolderDryRun;

  beforeAll(async () => {
    scaffolder = await startScaffolderDryRun();
  });

  afterAll(() => scaffolder?.stop());

  it.each([
    [
      'goldenpath:iac:validate',
      { checks: ['kubernetes', 'helm'] },
      'Invalid input passed to action goldenpath:iac:validate, instance.checks[1] is not one of enum values: catalog,kubernetes,terraform,workflows',
    ],
    [
      'goldenpath:iac:validate',
      { path: 42 },
      'Invalid input passed to action goldenpath:iac:validate, instance.path is not of a type(s) string',
    ],
    [
      'goldenpath:provenance:write',
      { answers: 'name=x' },
      'Invalid input passed to action goldenpath:provenance:write, instance.answers is not of a type(s) object',
    ],
    [
      'goldenpath:provenance:write',
      { answers: {}, templateVersion: '' },
      'Invalid input passed to action goldenpath:provenance:write, instance.templateVersion does not meet minimum length of 1',
    ],
  ])('%s refuses %j', async (action, input, message) => {
    const { status, body } = await scaffolder.run({
      steps: step(action, input),
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ name: 'InputError', message });
  });
});
