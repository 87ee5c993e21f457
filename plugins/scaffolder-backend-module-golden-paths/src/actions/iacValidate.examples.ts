import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Validate the whole workspace before publishing it',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'goldenpath:iac:validate',
          name: 'Validate infrastructure as code',
        },
      ],
    }),
  },
  {
    description:
      'Validate only the Kubernetes manifests and Terraform of a subdirectory',
    example: yaml.stringify({
      steps: [
        {
          id: 'validate',
          action: 'goldenpath:iac:validate',
          name: 'Validate infrastructure as code',
          input: {
            path: 'service',
            checks: ['kubernetes', 'terraform'],
            manifestDirs: ['deploy', 'k8s'],
          },
        },
      ],
    }),
  },
];
