import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/** The golden-path form's own fields, added to the scaffolder. */
export const scaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    FormFieldBlueprint.make({
      name: 'service-name-picker',
      params: {
        field: () =>
          import('./ServiceNamePicker').then(m =>
            createFormField({
              name: 'ServiceNamePicker',
              component: m.ServiceNamePicker,
              validation: m.serviceNameValidation,
            }),
          ),
      },
    }),
    FormFieldBlueprint.make({
      name: 'team-picker',
      params: {
        field: () =>
          import('./TeamPicker').then(m =>
            createFormField({ name: 'TeamPicker', component: m.TeamPicker }),
          ),
      },
    }),
  ],
});
