import fs from 'node:fs';
import {
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { applyGoldenPathsSettings } from './applyGoldenPathsSettings';
import {
  GoldenPathsSettings,
  readGoldenPathsSettings,
} from './GoldenPathsSettings';
import { readBundledTemplates } from './readBundledTemplates';

const PACKAGE_NAME = '@internal/plugin-catalog-backend-module-golden-paths';

/**
 * Provides the golden-path Template entities bundled with this package, so
 * every portal that installs the module offers them, at the version of the
 * package. It replaces the whole set on each start.
 *
 * @public
 */
export class GoldenPathTemplateProvider implements EntityProvider {
  static fromConfig(
    config: Config,
    options: { logger: LoggerService; templatesDir?: string; version?: string },
  ): GoldenPathTemplateProvider {
    const version =
      options.version ??
      JSON.parse(
        fs.readFileSync(
          resolvePackagePath(PACKAGE_NAME, 'package.json'),
          'utf8',
        ),
      ).version;
    return new GoldenPathTemplateProvider(
      options.templatesDir ?? resolvePackagePath(PACKAGE_NAME, 'templates'),
      version,
      readGoldenPathsSettings(config),
      options.logger,
    );
  }

  private constructor(
    private readonly templatesDir: string,
    private readonly version: string,
    private readonly settings: GoldenPathsSettings,
    private readonly logger: LoggerService,
  ) {}

  getProviderName(): string {
    return 'golden-path-templates';
  }

  /** The Template entities, fitted to this installation's settings. */
  async readTemplates(): Promise<Entity[]> {
    const templates = await readBundledTemplates(
      this.templatesDir,
      this.version,
    );
    return templates.map(template =>
      applyGoldenPathsSettings(template, this.settings),
    );
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    const templates = await this.readTemplates();
    await connection.applyMutation({
      type: 'full',
      entities: templates.map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    this.logger.info(
      `Provided ${templates.length} golden-path templates at version ${
        this.version
      }: ${templates.map(t => t.metadata.name).join(', ')}`,
    );
  }
}
