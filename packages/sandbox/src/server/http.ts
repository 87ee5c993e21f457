import { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from '../k8s/errors';
import { BodyTooLargeError, readBody, sendJson } from '../util/http';

/** The API server's side of HTTP: bodies and errors as Kubernetes Status objects. */

/** readBody, with the API server's 413 when the body is too large. */
export async function readRequestBody(req: IncomingMessage): Promise<string> {
  try {
    return await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new ApiError(413, 'RequestEntityTooLarge', error.message);
    }
    throw error;
  }
}

export function parseJson(text: string): unknown {
  if (!text.trim()) {
    throw badRequest('the request body is empty');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(
      `the object provided is unrecognized (must be of type JSON): ${
        (e as Error).message
      }`,
    );
  }
}

export function sendError(res: ServerResponse, error: unknown): void {
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError(
          500,
          'InternalError',
          `Internal error occurred: ${
            (error as Error)?.message ?? String(error)
          }`,
        );
  if (!res.headersSent) {
    sendJson(res, apiError.code, apiError.toStatus());
  } else {
    res.end();
  }
}
