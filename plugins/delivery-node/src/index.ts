/**
 * Extension points of the delivery backend. A module adds a CI/CD provider
 * (GitHub Actions, Jenkins, GitLab, Tekton…) that reports pipeline runs and
 * deployments in the one model the delivery plugins show.
 *
 * @packageDocumentation
 */

export * from './cicdModel';
export * from './CicdProvider';
export * from './extensions';
export * from './metrics';
