import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Record the template and the answers in .golden-path.json',
    example: yaml.stringify({
      steps: [
        {
          id: 'provenance',
          action: 'goldenpath:provenance:write',
          name: 'Record provenance',
          input: { answers: '${{ parameters }}' },
        },
      ],
    }),
  },
  {
    description: 'Record an explicit template version, leaving out an answer',
    example: yaml.stringify({
      steps: [
        {
          id: 'provenance',
          action: 'goldenpath:provenance:write',
          name: 'Record provenance',
          input: {
            answers: '${{ parameters }}',
            templateVersion: '1.4.0',
            excludeAnswers: ['repoUrl'],
          },
        },
      ],
    }),
  },
];
