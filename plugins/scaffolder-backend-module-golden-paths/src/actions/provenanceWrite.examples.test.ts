import { examples } from './provenanceWrite.examples';
import {
  ScaffolderDryRun,
  startScaffolderDryRun,
} from './__testUtils__/scaffolderDryRun';

jest.setTimeout(60_000);

const parameters = {
  name: 'payments',
  repoUrl: 'localhost:7030?owner=checkout&repo=payments',
};

describe('goldenpath:provenance:write examples', () => {
  let scaffolder: ScaffolderDryRun;

  beforeAll(async () => {
    scaffolder = await startScaffolderDryRun();
  });

  afterAll(() => scaffolder?.stop());

  it('records the template and the answers in .golden-path.json', async () => {
    const [example] = examples;
    const { status, body, files } = await scaffolder.run({
      steps: example.example,
      parameters,
    });
    expect(body.error).toBeUndefined();
    expect(status).toBe(200);
    // The ref and version are the running template's.
    expect(JSON.parse(files['.golden-path.json'])).toMatchObject({
      templateRef: 'template:default/dry-run',
      templateVersion: '1.0.0',
      answers: parameters,
    });
  });

  it('records an explicit template version, leaving out an answer', async () => {
    const { status, body, files } = await scaffolder.run({
      steps: examples[1].example,
      parameters,
    });
    expect(body.error).toBeUndefined();
    expect(status).toBe(200);
    expect(JSON.parse(files['.golden-path.json'])).toMatchObject({
      templateVersion: '1.4.0',
      answers: { name: 'payments' },
    });
    expect(JSON.parse(files['.golden-path.json']).answers).not.toHaveProperty(
      'repoUrl',
    );
  });
});
