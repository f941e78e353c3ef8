export * from './protocol/index.ts';
export * from './validate/index.ts';
