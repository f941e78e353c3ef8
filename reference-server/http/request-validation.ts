import type { ErrorObject as AjvError } from 'ajv/dist/2020.js';
import { validate, validator, type WireSchemaName } from '../../src/index.ts';
import { apiError, type ApiError } from '../api-error.ts';
import { MAX_JSON_DEPTH, tooDeep } from './body.ts';

/**
 * Checks a parsed body against its wire schema and, on failure, names ONE member: the first
 * violation that is not noise from union branches the value plainly did not choose.
 */
export function checkBody(name: WireSchemaName, value: unknown): ApiError | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return apiError('invalid_request', 'The request body must be a JSON object; send one.', { field: '' });
  }
  const deep = tooDeep(value);
  if (deep !== undefined) {
    return apiError(
      'invalid_request',
      `\`${deep}\` is nested too deeply; keep request JSON within ${MAX_JSON_DEPTH} levels.`,
      {
        field: deep,
      },
    );
  }
  if (validate(name, value).ok) return undefined;
  const problem = firstProblem(validator(name).errors ?? []);
  return apiError('invalid_request', problem.message, { field: problem.pointer });
}

interface Problem {
  pointer: string;
  message: string;
}

function firstProblem(errors: readonly AjvError[]): Problem {
  const consts = errors.filter((e) => e.keyword === 'const');
  const failedBranches = new Set(consts.map((e) => branchOf(e.schemaPath)).filter((b): b is string => b !== undefined));
  const inChosenBranches = errors.filter((e) => {
    if (e.keyword === 'anyOf') return false;
    for (const branch of failedBranches) if (e.schemaPath.startsWith(`${branch}/`)) return false;
    return true;
  });
  const first = inChosenBranches[0];
  if (first) return describe(first);
  // Every branch was refused on a literal: say which literals are allowed at that spot.
  const at = consts[0] ?? errors[0];
  if (!at)
    return {
      pointer: '',
      message: 'The request body does not match the schema; check it against the published JSON Schema.',
    };
  if (at.keyword !== 'const') return describe(at);
  const allowed = consts
    .filter((e) => e.instancePath === at.instancePath)
    .map((e) => JSON.stringify((e.params as { allowedValue: unknown }).allowedValue));
  return {
    pointer: at.instancePath,
    message: `${where(at.instancePath)} must be one of ${[...new Set(allowed)].join(', ')}; use one of those values.`,
  };
}

/** `#/anyOf/2/properties/type/const` → `#/anyOf/2`: the union branch a literal belongs to. */
function branchOf(schemaPath: string): string | undefined {
  return /^(.*\/anyOf\/\d+)\//.exec(schemaPath)?.[1];
}

function describe(e: AjvError): Problem {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const pointer = `${e.instancePath}/${String(params.missingProperty)}`;
      return { pointer, message: `${where(pointer)} is required; add it.` };
    }
    case 'type':
      return {
        pointer: e.instancePath,
        message: `${where(e.instancePath)} must be of type ${String(params.type)}; send a value of that type.`,
      };
    case 'minLength':
      return Number(params.limit) === 1
        ? { pointer: e.instancePath, message: `${where(e.instancePath)} must not be empty; send a non-empty string.` }
        : {
            pointer: e.instancePath,
            message: `${where(e.instancePath)} ${e.message ?? 'is too short'}; send a longer string.`,
          };
    case 'pattern':
      return {
        pointer: e.instancePath,
        message: `${where(e.instancePath)} must match ${String(params.pattern)}; send a value of that form.`,
      };
    default:
      return {
        pointer: e.instancePath,
        message: `${where(e.instancePath)} ${e.message ?? 'is invalid'}; correct it and retry.`,
      };
  }
}

function where(pointer: string): string {
  return pointer === '' ? 'The request body' : `\`${pointer}\``;
}
