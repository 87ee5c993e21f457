import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/**
 * Validates an action's input with the zod schema it declares. The scaffolder
 * validates input against the JSON schema derived from it before running a
 * step; this second check keeps the handler honest when it is called in
 * other ways, and names every offending field.
 */
export function parseActionInput<T extends z.ZodTypeAny>(
  actionId: string,
  schema: T,
  input: unknown,
): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map(
      issue => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
    );
    throw new InputError(`Invalid input to ${actionId}: ${issues.join('; ')}`);
  }
  return result.data;
}
