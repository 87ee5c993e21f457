import { ResponseError } from '@backstage/errors';

/**
 * The message to show a person: for a backend error the backend's own
 * explanation, not "Request failed with 409".
 */
export function errorMessage(error: Error): string {
  if (error instanceof ResponseError || error.name === 'ResponseError') {
    const body = (error as ResponseError).body;
    return body?.error?.message || error.message;
  }
  return error.message;
}
