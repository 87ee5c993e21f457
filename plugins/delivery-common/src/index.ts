/**
 * Annotations, permissions and API types shared by the delivery plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './cicdAnnotations';
export * from './cicdTypes';
export * from './permissions';
export * from './signals';
export * from './types';
