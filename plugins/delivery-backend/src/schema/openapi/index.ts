export * from './generated/apis/Api.server';
export * from './generated/router';
