import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogApiRef,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

type Team = { ref: string; title: string };

/**
 * Chooses the owning team by its title ("Checkout team") and stores its
 * entity ref. The stock OwnerPicker labels a chosen option with the ref
 * (`group:default/team-checkout`), so a person no longer sees what they
 * picked; this field keeps showing the title.
 */
export const TeamPicker = ({
  onChange,
  required,
  schema: { title = 'Owner', description },
  rawErrors,
  formData,
  idSchema,
}: FieldExtensionComponentProps<string>) => {
  const catalogApi = useApi(catalogApiRef);
  const presentationApi = useApi(entityPresentationApiRef);
  const { value: teams = [], loading } = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Group' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items
      .map(
        (group: Entity): Team => ({
          ref: stringifyEntityRef(group),
          title: presentationApi.forEntity(group).snapshot.primaryTitle,
        }),
      )
      .sort((a, b) => a.title.localeCompare(b.title));
  }, [catalogApi, presentationApi]);

  const selected = teams.find(team => team.ref === formData) ?? null;
  return (
    <Autocomplete<Team>
      id={idSchema?.$id}
      options={teams}
      loading={loading}
      value={selected}
      getOptionLabel={team => team.title}
      getOptionSelected={(option, value) => option.ref === value.ref}
      onChange={(_event, team) => onChange(team?.ref)}
      renderInput={params => (
        <TextField
          {...params}
          label={title}
          helperText={description}
          required={required}
          error={(rawErrors?.length ?? 0) > 0}
          margin="normal"
          variant="outlined"
          FormHelperTextProps={{ style: { marginLeft: 0 } }}
        />
      )}
    />
  );
};
