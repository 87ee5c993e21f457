/**
 * Scaffolder actions of the golden paths: the IaC validation gate
 * (`goldenpath:iac:validate`) and the provenance record
 * (`goldenpath:provenance:write`).
 *
 * @packageDocumentation
 */

export { scaffolderModuleGoldenPaths as default } from './module';
export { createIacValidateAction } from './actions/iacValidate';
export { createProvenanceWriteAction } from './actions/provenanceWrite';
export { createCatalogRegisterAction } from './actions/catalogRegister';
export { KUSTOMIZE_COMMAND_KEY } from './validation/kustomize/KustomizeCommand';
export type { IacProblem } from './validation/IacProblem';
export type {
  IacCheck,
  IacValidationSummary,
} from './validation/validateWorkspace';
export {
  GOLDEN_PATH_PROVENANCE_FILE,
  GOLDEN_PATH_TEMPLATE_VERSION_ANNOTATION,
} from './provenance/GoldenPathProvenance';
export type { GoldenPathProvenance } from './provenance/GoldenPathProvenance';
