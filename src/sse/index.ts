export { createParser } from './parse.ts';
export { encodeComment, encodeEvent } from './encode.ts';
export type { SseEventInit } from './encode.ts';
export type {
  SseEvent,
  SseParser,
  SseParserOptions,
  SseProblem,
  SseProblemCode,
  SseStats,
} from './types.ts';
