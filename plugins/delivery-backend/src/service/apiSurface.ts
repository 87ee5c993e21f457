import { CustomErrorBase } from '@backstage/errors';
import express, { ErrorRequestHandler, RequestHandler } from 'express';
import { spec } from '../schema/openapi';

/**
 * An HTTP status @backstage/errors has no class for. The backend's error
 * middleware takes the status from `statusCode`, as for ClusterRequestError.
 */
class HttpStatusError extends CustomErrorBase {
  constructor(
    readonly name: string,
    readonly statusCode: 405 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

const BODY_LIMIT = '100kb';

/** `/entities/{kind}` as an Express path, `/entities/:kind`. */
function expressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

interface Operation {
  requestBody?: { content?: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * Answers what the OpenAPI router would otherwise answer 400 or 404 to:
 * a method the path does not take (405, naming the ones it does), a body
 * that is not JSON (415), and a body over the limit (413), each saying what
 * to send instead.
 */
export function apiSurface(): {
  before: express.Router;
  after: ErrorRequestHandler;
} {
  const before = express.Router();
  const paths = spec.paths as Record<string, Record<string, Operation>>;
  for (const [path, item] of Object.entries(paths)) {
    const methods = METHODS.filter(m => item[m]);
    const allowed = methods.map(m => m.toUpperCase());
    if (allowed.includes('GET')) allowed.push('HEAD');
    const check: RequestHandler = (req, res, next) => {
      if (req.method === 'OPTIONS' || allowed.includes(req.method)) {
        const operation = item[req.method.toLowerCase()];
        const accepts = Object.keys(operation?.requestBody?.content ?? {});
        const hasBody =
          Number(req.headers['content-length'] ?? 0) > 0 ||
          req.headers['transfer-encoding'] !== undefined;
        if (accepts.length > 0 && hasBody && !req.is(accepts)) {
          next(
            new HttpStatusError(
              'UnsupportedMediaTypeError',
              415,
              `${req.method} ${
                req.path
              } takes a JSON body (Content-Type: ${accepts.join(
                ' or ',
              )}), not '${req.headers['content-type'] ?? 'none'}'`,
            ),
          );
          return;
        }
        next();
        return;
      }
      res.setHeader('Allow', allowed.join(', '));
      next(
        new HttpStatusError(
          'MethodNotAllowedError',
          405,
          `${req.path} does not take ${req.method}; use ${allowed
            .filter(m => m !== 'HEAD')
            .join(' or ')}`,
        ),
      );
    };
    before.all(expressPath(path), check);
  }
  // Parsed here, with the limit stated, before the OpenAPI router's own
  // parser (which then finds the body already read).
  before.use(express.json({ limit: BODY_LIMIT }));

  const after: ErrorRequestHandler = (error, _req, _res, next) => {
    if ((error as { type?: string }).type === 'entity.too.large') {
      next(
        new HttpStatusError(
          'PayloadTooLargeError',
          413,
          `The request body is ${
            (error as { length?: number }).length ?? 'more than'
          } bytes, over the limit of ${BODY_LIMIT}; an action request is a small JSON object ({ "action", "revision", "reason", "resourceVersion" }): shorten the reason`,
        ),
      );
      return;
    }
    next(error);
  };
  return { before, after };
}
