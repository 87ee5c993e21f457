/**
 * The golden-path software templates, bundled with this package and provided
 * to the catalog at its version.
 *
 * @packageDocumentation
 */

export { catalogModuleGoldenPaths as default } from './module';
export { GoldenPathTemplateProvider } from './provider/GoldenPathTemplateProvider';
