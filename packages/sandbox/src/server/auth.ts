import { forbidden, unauthorized } from '../k8s/errors';
import { ResourceType } from '../k8s/resources';

/**
 * Bearer-token authentication and a small RBAC-like authorizer: the admin
 * token may do everything, scoped tokens only what their grant lists.
 */

export interface TokenGrant {
  token: string;
  /** User name reported in Forbidden messages. */
  user?: string;
  /** Namespaces the token may access; `*` for all. */
  namespaces: string[];
  /** Allowed verbs (get, list, watch, create, update, patch, delete, deletecollection); default all. */
  verbs?: string[];
  /** Allowed resource plurals (e.g. `rollouts`, `pods`); default all. */
  resources?: string[];
}

export interface TokenOptions {
  /** Token with all rights. Default `portal-sandbox-admin`. */
  admin?: string;
  /** Namespace-scoped tokens, for 403 tests and least-privilege demos. */
  scoped?: TokenGrant[];
}

export const DEFAULT_ADMIN_TOKEN = 'portal-sandbox-admin';

export interface Identity {
  user: string;
  grant?: TokenGrant;
}

export interface AccessRequest {
  verb: string;
  rt?: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  path: string;
}

export class Authorizer {
  readonly adminToken: string;
  private readonly grants: Map<string, TokenGrant>;

  constructor(options: TokenOptions = {}) {
    this.adminToken = options.admin ?? DEFAULT_ADMIN_TOKEN;
    this.grants = new Map((options.scoped ?? []).map(g => [g.token, g]));
  }

  /** Returns the caller's identity or throws 401 for a missing/unknown token. */
  authenticate(authorization: string | undefined): Identity {
    const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    const token = m?.[1]?.trim();
    if (!token) {
      throw unauthorized();
    }
    if (token === this.adminToken) {
      return { user: 'sandbox-admin' };
    }
    const grant = this.grants.get(token);
    if (!grant) {
      throw unauthorized();
    }
    return {
      user:
        grant.user ??
        `system:serviceaccount:${
          grant.namespaces[0] ?? 'default'
        }:sandbox-scoped`,
      grant,
    };
  }

  /** Throws 403 unless the identity may perform the request. */
  authorize(identity: Identity, request: AccessRequest): void {
    const grant = identity.grant;
    if (!grant || !request.rt) {
      // Admin, or a non-resource path (discovery, version) open to any authenticated user.
      return;
    }
    const rt = request.rt;
    const allNamespaces = grant.namespaces.includes('*');
    const verbOk = !grant.verbs || grant.verbs.includes(request.verb);
    const resourceOk = !grant.resources || grant.resources.includes(rt.plural);
    let scopeOk: boolean;
    if (!rt.namespaced) {
      // A scoped token may read the namespaces it is granted, nothing else cluster-wide.
      scopeOk =
        rt.plural === 'namespaces' &&
        request.verb === 'get' &&
        (allNamespaces || grant.namespaces.includes(request.name ?? ''));
    } else if (!request.namespace) {
      scopeOk = allNamespaces;
    } else {
      scopeOk = allNamespaces || grant.namespaces.includes(request.namespace);
    }
    if (!(verbOk && resourceOk && scopeOk)) {
      throw forbidden(rt, identity.user, request.verb, {
        name: request.name,
        namespace: rt.namespaced ? request.namespace : undefined,
        subresource: request.subresource,
        path: request.path,
      });
    }
  }
}
