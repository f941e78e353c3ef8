/**
 * Loads spec/openapi.yaml, the hand-written OpenAPI 3.2 description of the AIP HTTP surface.
 * YAML is parsed with the same @redocly/openapi-core that openapi-typescript bundles with, so
 * both read the file identically.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseYaml } from '@redocly/openapi-core';

export const OPENAPI_URL = new URL('../../spec/openapi.yaml', import.meta.url);
export const OPENAPI_PATH = fileURLToPath(OPENAPI_URL);

export type OpenApiDocument = Record<string, unknown> & { openapi: string };

export function loadOpenApi(): OpenApiDocument {
  const doc = parseYaml(readFileSync(OPENAPI_URL, 'utf8'));
  if (!isRecord(doc) || typeof doc.openapi !== 'string') throw new Error(`${OPENAPI_PATH} is not an OpenAPI document`);
  return doc as OpenApiDocument;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
