/**
 * The golden-path software templates, bundled with this package and provided
 * to the catalog at its version.
 *
 * @packageDocumentation
 */

export { catalogModuleGoldenPaths as default } from './module';
export { GoldenPathTemplateProvider } from './provider/GoldenPathTemplateProvider';
export { GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION } from './provider/readBundledTemplates';
