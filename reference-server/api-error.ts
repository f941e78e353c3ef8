import { ERROR_CODES, type ErrorCode, type ErrorEnvelope, type ErrorObject } from '../src/index.ts';

/** Codes that may answer a request directly: those the catalogue gives an HTTP status. */
export type HttpErrorCode = {
  [K in ErrorCode]: (typeof ERROR_CODES)[K]['status'] extends number ? K : never;
}[ErrorCode];

/** A request failure as a value; routes return it and one writer turns it into a response. */
export interface ApiError {
  readonly kind: 'api-error';
  code: HttpErrorCode;
  message: string;
  field?: string;
  details?: Record<string, unknown>;
  retryable?: boolean;
  /** Extra response headers the code calls for (e.g. `Allow` on 405). */
  headers?: Record<string, string>;
}

export function apiError(
  code: HttpErrorCode,
  message: string,
  extra: Omit<Partial<ApiError>, 'kind' | 'code' | 'message'> = {},
): ApiError {
  return { kind: 'api-error', code, message, ...extra };
}

export function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'api-error';
}

/** The HTTP status the catalogue assigns; the only place a status for an error is decided. */
export function statusOf(code: HttpErrorCode): number {
  return ERROR_CODES[code].status;
}

export function envelope(error: ApiError, requestId: string): ErrorEnvelope {
  const body: ErrorObject = { code: error.code, message: error.message };
  if (error.field !== undefined) body.field = error.field;
  body.requestId = requestId;
  body.retryable = error.retryable ?? ERROR_CODES[error.code].retryable;
  if (error.details !== undefined) body.details = error.details;
  return { error: body };
}

/** A value or the request failure that prevented it. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ApiError): { ok: false; error: ApiError } => ({ ok: false, error });
