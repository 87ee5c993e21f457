/**
 * Annotations, permissions and API types shared by the delivery plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './permissions';
export * from './types';
