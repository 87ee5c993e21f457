/**
 * Errors of the Gitea API, with the status codes and messages Gitea's
 * handlers use (routers/api/v1/...): clients such as the scaffolder's
 * publish:gitea action report `status statusText, body` to the user, and
 * Gitea SDKs match on the messages.
 */
export class GiteaApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Set on 404s only: Gitea's NotFound lists the underlying errors. */
    readonly errors?: string[],
  ) {
    super(message);
    this.name = 'GiteaApiError';
  }

  /** Gitea's APIError JSON (`{message, url}`), plus `errors` on 404s. */
  toBody(swaggerUrl: string): Record<string, unknown> {
    const body: Record<string, unknown> = {
      message: this.message,
      url: swaggerUrl,
    };
    if (this.status === 404) body.errors = this.errors ?? null;
    return body;
  }
}

/** `ctx.NotFound()`: a fixed message, the cause (if any) in `errors`. */
export function notFound(...causes: string[]): GiteaApiError {
  return new GiteaApiError(404, "The target couldn't be found.", causes);
}

export function unauthorized(message: string): GiteaApiError {
  return new GiteaApiError(401, message);
}

export function conflict(message: string): GiteaApiError {
  return new GiteaApiError(409, message);
}

/** 422, as Gitea answers both binding errors and invalid names. */
export function unprocessable(message: string): GiteaApiError {
  return new GiteaApiError(422, message);
}
