import fs from 'node:fs';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { KustomizeCommand, KustomizeNotFoundError } from './KustomizeCommand';

const KUSTOMIZE_COMMAND_KEY = 'goldenPaths.validation.kustomizeCommand';

describe('KustomizeCommand', () => {
  const bin = createMockDirectory();
  const originalPath = process.env.PATH;

  beforeEach(() => {
    bin.setContent({ kubectl: '#!/bin/sh\n', 'kustomize-5': '#!/bin/sh\n' });
    fs.chmodSync(bin.resolve('kubectl'), 0o755);
    fs.chmodSync(bin.resolve('kustomize-5'), 0o755);
  });
  afterEach(() => {
    process.env.PATH = originalPath;
  });

  const config = (kustomizeCommand?: string) =>
    mockServices.rootConfig({
      data: kustomizeCommand
        ? { goldenPaths: { validation: { kustomizeCommand } } }
        : {},
    });

  it('fails at start-up, naming the setting, when the configured command is missing', async () => {
    await expect(
      KustomizeCommand.fromConfig(
        config('/opt/none/kustomize build'),
        KUSTOMIZE_COMMAND_KEY,
      ),
    ).rejects.toThrow(
      `${KUSTOMIZE_COMMAND_KEY} is "/opt/none/kustomize build", but "/opt/none/kustomize" is not an executable file`,
    );
  });

  it('runs a configured command with its arguments, or the verb its executable needs', async () => {
    await expect(
      (
        await KustomizeCommand.fromConfig(
          config(`${bin.resolve('kustomize-5')} build`),
          KUSTOMIZE_COMMAND_KEY,
        )
      ).resolve(),
    ).resolves.toEqual({
      executable: bin.resolve('kustomize-5'),
      args: ['build'],
    });
    process.env.PATH = bin.path;
    await expect(
      (
        await KustomizeCommand.fromConfig(
          config('kubectl'),
          KUSTOMIZE_COMMAND_KEY,
        )
      ).resolve(),
    ).resolves.toEqual({
      executable: bin.resolve('kubectl'),
      args: ['kustomize'],
    });
  });

  it('falls back to kubectl kustomize on PATH when nothing is configured', async () => {
    process.env.PATH = bin.path;
    await expect(
      (
        await KustomizeCommand.fromConfig(config(), KUSTOMIZE_COMMAND_KEY)
      ).resolve(),
    ).resolves.toEqual({
      executable: bin.resolve('kubectl'),
      args: ['kustomize'],
    });
  });

  it('runs a given command line as it is', async () => {
    await expect(
      KustomizeCommand.of(`${bin.resolve('kubectl')} kustomize`).resolve(),
    ).resolves.toEqual({
      executable: bin.resolve('kubectl'),
      args: ['kustomize'],
    });
  });

  it('refuses with install instructions when neither kustomize nor kubectl is on PATH', async () => {
    process.env.PATH = bin.resolve('empty');
    const command = await KustomizeCommand.fromConfig(
      config(),
      KUSTOMIZE_COMMAND_KEY,
    );
    const error = await command.resolve().then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(KustomizeNotFoundError);
    expect(error.message).toContain(
      'neither "kustomize" nor "kubectl" is on PATH',
    );
    expect(error.message).toContain('ensure_kubectl');
    expect(error.message).toContain(KUSTOMIZE_COMMAND_KEY);
  });
});
