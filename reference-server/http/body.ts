import type { IncomingMessage } from 'node:http';
import { apiError, fail, ok, type Result } from '../api-error.ts';

/** Deeper JSON than this is refused before anything recursive (validation, token counting) sees it. */
export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** True for `application/json`, with or without parameters such as `charset`. */
export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  if (header === 'application/json') return true;
  const type = header.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * Reads the body, counting bytes as they arrive: an oversized body is refused as soon as it
 * crosses the limit (or up front from `Content-Length`), never buffered whole.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Result<Buffer>> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve(tooLarge(limitBytes));
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let received = 0;
    const finish = (result: Result<Buffer>) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('aborted', onFail);
      chunks = [];
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) finish(tooLarge(limitBytes));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(ok(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)));
    const onFail = () =>
      finish(fail(apiError('invalid_request', 'The request body was not received completely; send it again.')));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFail);
    req.on('aborted', onFail);
  });
}

const tooLarge = (limitBytes: number) =>
  fail(
    apiError('payload_too_large', `The request body exceeds ${limitBytes} bytes; send a smaller body.`, {
      details: { limitBytes },
    }),
  );

/** Parses a UTF-8 JSON body; anything unparsable (bad bytes, BOM, syntax) is `invalid_json`. */
export function parseJson(body: Buffer): Result<unknown> {
  try {
    return ok(JSON.parse(utf8.decode(body)) as unknown);
  } catch {
    return fail(apiError('invalid_json', 'The request body is not valid JSON; send a UTF-8 encoded JSON object.'));
  }
}

interface Frame {
  value: object;
  depth: number;
  parent: Frame | undefined;
  key: string;
}

/**
 * The pointer of the first member of a parsed JSON value nested deeper than `MAX_JSON_DEPTH`, or
 * undefined. Pointers are spelled out only for the member that is reported.
 */
export function tooDeep(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: '' }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.depth >= MAX_JSON_DEPTH) return pointerOf(top);
    const members = top.value as Record<string, unknown>;
    for (const key in members) {
      const member = members[key];
      if (member !== null && typeof member === 'object')
        stack.push({ value: member, depth: top.depth + 1, parent: top, key });
    }
  }
  return undefined;
}

function pointerOf(frame: Frame): string {
  let pointer = '';
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) pointer = `/${escapePointer(f.key)}${pointer}`;
  return pointer;
}

export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
