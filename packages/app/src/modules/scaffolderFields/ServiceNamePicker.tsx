import TextField from '@material-ui/core/TextField';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { catalogApiRef } from '@backstage/plugin-catalog-react';

/**
 * The new service's name. Its format is checked by the template's schema
 * (`pattern`, with a readable `errorMessage`); this field adds what a schema
 * cannot know: whether the catalog already has a component of that name.
 */
export const ServiceNamePicker = ({
  onChange,
  required,
  schema: { title = 'Name', description },
  uiSchema,
  rawErrors,
  formData,
  idSchema,
}: FieldExtensionComponentProps<string>) => (
  <TextField
    id={idSchema?.$id}
    label={title}
    helperText={uiSchema?.['ui:help'] ? undefined : description}
    required={required}
    value={formData ?? ''}
    onChange={event => onChange(event.target.value || undefined)}
    margin="normal"
    error={(rawErrors?.length ?? 0) > 0}
    inputProps={{ autoFocus: uiSchema?.['ui:autofocus'] }}
    FormHelperTextProps={{ style: { marginLeft: 0 } }}
  />
);

/**
 * Flags a name a catalog component already has: the repository, the
 * Kubernetes namespace and the catalog entity would all collide.
 */
export const serviceNameValidation: CustomFieldValidator<string> = async (
  name,
  validation,
  { apiHolder },
) => {
  if (!name) return;
  const catalogApi = apiHolder.get(catalogApiRef);
  if (!catalogApi) return;
  const existing = await catalogApi.getEntityByRef({
    kind: 'Component',
    namespace: 'default',
    name,
  });
  if (existing) {
    const owner = existing.spec?.owner
      ? ` (owned by ${existing.spec.owner})`
      : '';
    validation.addError(
      `A service named "${name}" is already in the catalog${owner}. Choose another name.`,
    );
  }
};
