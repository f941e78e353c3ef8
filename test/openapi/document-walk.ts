/** Read-only views of spec/openapi.yaml shared by the OpenAPI tests. */
import { isRecord, loadOpenApi, type OpenApiDocument } from '../../scripts/openapi/document.ts';

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'] as const;

export interface Operation {
  method: string;
  path: string;
  operation: Record<string, unknown>;
}

export interface Response {
  where: string;
  status: string;
  response: Record<string, unknown>;
}

export const doc: OpenApiDocument = loadOpenApi();

/** Resolves a local `#/...` reference; other values are returned unchanged. */
export function deref(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`Expected an object, got ${JSON.stringify(value)}`);
  const ref = value.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return value;
  const target = pointer(doc, ref.slice(1));
  if (!isRecord(target)) throw new Error(`Unresolvable reference ${ref}`);
  return deref(target);
}

/** Resolves an RFC 6901 JSON Pointer ("" is the root); undefined when it leads nowhere. */
export function pointer(root: unknown, ptr: string): unknown {
  if (ptr === '') return root;
  let node = root;
  for (const raw of ptr.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isRecord(node)) node = node[key];
    else return undefined;
  }
  return node;
}

export function operations(): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(isRecord(doc.paths) ? doc.paths : {})) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (isRecord(operation)) found.push({ method, path, operation });
    }
  }
  return found;
}

export function responses(op: Operation): Response[] {
  const map = isRecord(op.operation.responses) ? op.operation.responses : {};
  return Object.entries(map).map(([status, response]) => ({
    where: `${op.method.toUpperCase()} ${op.path} ${status}`,
    status,
    response: deref(response),
  }));
}

/** Every value of `key` anywhere in the tree, with the JSON Pointer of the object holding it. */
export function collect(node: unknown, key: string, at = ''): { at: string; value: unknown }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => collect(item, key, `${at}/${i}`));
  if (!isRecord(node)) return [];
  const here = key in node ? [{ at, value: node[key] }] : [];
  return here.concat(
    Object.entries(node).flatMap(([k, v]) => collect(v, key, `${at}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`)),
  );
}
