import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { parseAllDocuments } from 'yaml';
import { IacProblem, pointerToPath } from '../IacProblem';

/** The descriptor file the golden paths register in the catalog. */
export const CATALOG_INFO_FILE = 'catalog-info.yaml';

const KIND_VALIDATORS: KindValidator[] = [
  componentEntityV1alpha1Validator,
  apiEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
];

// The same policies the catalog applies when it ingests an entity.
const policies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/** Splits a catalog-model validation message into the field it names and the complaint. */
function locate(message: string): { path: string; message: string } {
  const text = message.replace(
    /\s*To learn more about catalog file format.*$/s,
    '',
  );
  const quoted = text.match(/^"([^"]+)" (.*)$/s);
  if (quoted) {
    return { path: quoted[1], message: quoted[2] };
  }
  const pointer = text.match(
    /^(\/\S*|<root>) (.*?)(?: - (missingProperty|additionalProperty): (\S+))?$/s,
  );
  if (pointer) {
    const base = pointer[1] === '<root>' ? '' : pointerToPath(pointer[1]);
    const property = pointer[4];
    if (!property) {
      return { path: base, message: pointer[2] };
    }
    return {
      path: base ? `${base}.${property}` : property,
      message: pointer[2],
    };
  }
  const unknownField = text.match(/^Unknown field (\S+)$/);
  if (unknownField) {
    return { path: unknownField[1], message: 'is not a known root field' };
  }
  return { path: '', message: text };
}

/** The entities declared in the repository's catalog-info.yaml, for other checks to read. */
export interface CatalogCheckResult {
  problems: IacProblem[];
  entities: Entity[];
}

/**
 * Validates every entity in catalog-info.yaml with @backstage/catalog-model:
 * the catalog's entity policies (envelope, field formats, schema) and the
 * validator of the entity's kind.
 */
export async function checkCatalogInfo(options: {
  root: string;
  files: string[];
}): Promise<CatalogCheckResult> {
  if (!options.files.includes(CATALOG_INFO_FILE)) {
    return {
      problems: [
        {
          check: 'catalog',
          file: CATALOG_INFO_FILE,
          path: '',
          message:
            'is missing: the repository cannot be registered in the catalog',
        },
      ],
      entities: [],
    };
  }
  const text = await fs.readFile(
    path.join(options.root, CATALOG_INFO_FILE),
    'utf8',
  );
  const problems: IacProblem[] = [];
  const entities: Entity[] = [];
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  for (const [index, document] of list.entries()) {
    const file =
      list.length > 1
        ? `${CATALOG_INFO_FILE} (document ${index + 1})`
        : CATALOG_INFO_FILE;
    if (document.errors.length > 0) {
      const position = document.errors[0].linePos?.[0];
      problems.push({
        check: 'catalog',
        file,
        path: position ? `line ${position.line}, column ${position.col}` : '',
        message: `not valid YAML: ${document.errors[0].message.split('\n')[0]}`,
      });
      continue;
    }
    const entity = document.toJS();
    if (entity === null || entity === undefined) {
      continue;
    }
    try {
      await policies.enforce(entity);
      let known = false;
      for (const validator of KIND_VALIDATORS) {
        if (await validator.check(entity)) {
          known = true;
          break;
        }
      }
      if (!known) {
        problems.push({
          check: 'catalog',
          file,
          path: 'kind',
          message: `unknown kind ${entity.kind} of ${entity.apiVersion}`,
        });
        continue;
      }
      entities.push(entity);
    } catch (error) {
      problems.push({
        check: 'catalog',
        file,
        ...locate((error as Error).message),
      });
    }
  }
  return { problems, entities };
}
