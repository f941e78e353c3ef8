import { apiError, fail, ok, type Result } from '../api-error.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** One query parameter; sending it twice is ambiguous and refused. */
export function single(query: URLSearchParams, name: string): Result<string | undefined> {
  const values = query.getAll(name);
  if (values.length > 1) return fail(invalid(name, `\`${name}\` was given ${values.length} times; send it once.`));
  return ok(values[0]);
}

function pageSize(query: URLSearchParams): Result<number> {
  const raw = single(query, 'limit');
  if (!raw.ok || raw.value === undefined) return raw.ok ? ok(DEFAULT_PAGE_SIZE) : raw;
  const n = /^[0-9]{1,4}$/.test(raw.value) ? Number(raw.value) : NaN;
  if (!(n >= 1 && n <= MAX_PAGE_SIZE))
    return fail(
      invalid('limit', `\`limit\` must be an integer from 1 to ${MAX_PAGE_SIZE}; omit it for ${DEFAULT_PAGE_SIZE}.`),
    );
  return ok(n);
}

/** The paging and tag parameters every list endpoint takes: `limit`, `cursor` and `tag`. */
export interface PageQuery {
  limit: number;
  cursor: string | undefined;
  tag: string | undefined;
}

const MAX_CURSOR_LENGTH = 1024;
const MAX_TAG_LENGTH = 128;

export function pageQuery(query: URLSearchParams): Result<PageQuery> {
  const limit = pageSize(query);
  if (!limit.ok) return limit;
  const cursor = text(query, 'cursor', MAX_CURSOR_LENGTH);
  if (!cursor.ok) return cursor;
  const tag = text(query, 'tag', MAX_TAG_LENGTH);
  if (!tag.ok) return tag;
  return ok({ limit: limit.value, cursor: cursor.value, tag: tag.value });
}

/** A non-empty string parameter no longer than `maxLength`, or absent. */
function text(query: URLSearchParams, name: string, maxLength: number): Result<string | undefined> {
  const raw = single(query, name);
  if (!raw.ok || raw.value === undefined) return raw;
  if (raw.value.length === 0 || raw.value.length > maxLength) {
    return fail(invalid(name, `\`${name}\` must be 1 to ${maxLength} characters; send a valid value or omit it.`));
  }
  return raw;
}

export function oneOf<T extends string>(
  query: URLSearchParams,
  name: string,
  allowed: readonly T[],
): Result<T | undefined> {
  const raw = single(query, name);
  if (!raw.ok || raw.value === undefined) return raw as Result<undefined>;
  if (!(allowed as readonly string[]).includes(raw.value)) {
    return fail(invalid(name, `\`${name}\` must be one of ${allowed.join(', ')}; send one of those or omit it.`));
  }
  return ok(raw.value as T);
}

export function invalid(name: string, message: string) {
  return apiError('invalid_request', message, { field: `/query/${name}` });
}

export function badCursor() {
  return invalid(
    'cursor',
    'The `cursor` was not issued for this list; pass back `meta.nextCursor` unchanged, or omit it.',
  );
}
