import type { IncomingMessage } from 'node:http';
import { apiError, fail, ok, type Result } from './api-error.ts';

/** Deeper JSON than this is refused before anything recursive (validation, token counting) sees it. */
export const MAX_JSON_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** True for `application/json`, with or without parameters such as `charset`. */
export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const type = header.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * Reads the body, counting bytes as they arrive: an oversized body is refused as soon as it
 * crosses the limit (or up front from `Content-Length`), never buffered whole.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Result<Buffer>> {
  const tooLarge = () =>
    fail(apiError('payload_too_large', `The request body exceeds ${limitBytes} bytes; send a smaller body.`, {
      details: { limitBytes },
    }));
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve(tooLarge());

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const detach = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('aborted', onFail);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        detach();
        chunks.length = 0;
        resolve(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      detach();
      resolve(ok(Buffer.concat(chunks, received)));
    };
    const onFail = () => {
      detach();
      resolve(fail(apiError('invalid_request', 'The request body was not received completely; send it again.')));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFail);
    req.on('aborted', onFail);
  });
}

/** Parses a UTF-8 JSON body; anything unparsable (bad bytes, BOM, syntax) is `invalid_json`. */
export function parseJson(body: Buffer): Result<unknown> {
  try {
    return ok(JSON.parse(utf8.decode(body)) as unknown);
  } catch {
    return fail(apiError('invalid_json', 'The request body is not valid JSON; send a UTF-8 encoded JSON object.'));
  }
}

/** The pointer of the first member nested deeper than `MAX_JSON_DEPTH`, or undefined. */
export function tooDeep(value: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number; pointer: string }> = [{ value, depth: 0, pointer: '' }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.value === null || typeof top.value !== 'object') continue;
    if (top.depth >= MAX_JSON_DEPTH) return top.pointer;
    for (const [key, member] of Object.entries(top.value)) {
      if (member !== null && typeof member === 'object') {
        stack.push({ value: member, depth: top.depth + 1, pointer: `${top.pointer}/${escapePointer(key)}` });
      }
    }
  }
  return undefined;
}

export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
