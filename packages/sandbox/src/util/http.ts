import { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Helpers for the plain node:http servers (the API servers, the git host, the
 * control API). They speak no protocol's error format: each server turns a
 * BodyTooLargeError into its own answer (a Kubernetes Status, a Gitea APIError…).
 */

const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** A request body larger than the servers accept. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request entity too large: limit is ${limit}`);
    this.name = 'BodyTooLargeError';
  }
}

export function readBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(limit));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
): void {
  const payload = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-cache, private',
  });
  res.end(payload);
}

export function sendText(
  res: ServerResponse,
  code: number,
  text: string,
): void {
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

/** Media type without parameters, lower-cased. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}
