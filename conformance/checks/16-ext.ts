/** §16 Extensibility: unknown request members are ignored; added response members are x_-prefixed. */
import { sectionChecks } from './_section.ts';
import { jsonSchemaDocument, validate, type WireSchemaName } from '../../src/index.ts';
import type { Check } from '../types.ts';
import { errorSamples, hubClaimed, hubJson, portableJson, streamSamples } from './_fixtures.ts';
import { describe, hubBody, hubInvoke, isObject, MANIFEST, portableBody, portableInvoke, SESSIONS } from './_http.ts';
import { requireInvocation } from './_evidence.ts';
import { Findings, untestable } from './_outcome.ts';
import { isCatalogued, schemaNameOf } from './_streams.ts';

type Json = Record<string, unknown>;

function branchFits(branch: Json, value: unknown): boolean {
  if (branch.type === 'null') return value === null;
  if (branch.type === 'array') return Array.isArray(value);
  if (branch.type === 'string') return typeof value === 'string';
  if (branch.type !== 'object' || !isObject(value)) return false;
  const props = (branch.properties ?? {}) as Record<string, Json>;
  const required = (branch.required ?? []) as string[];
  if (!required.every((k) => k in value)) return false;
  return Object.entries(props).every(([k, p]) => p.const === undefined || value[k] === p.const);
}

/**
 * Members of `value` its schema does not declare, as JSON Pointers. Objects declaring no
 * properties (free-form maps such as `details` or tool `input`) are open and not inspected.
 */
export function undeclaredMembers(schema: Json, value: unknown, path = ''): string[] {
  if (Array.isArray(schema.anyOf)) {
    const branch = (schema.anyOf as Json[]).find((b) => branchFits(b, value));
    return branch ? undeclaredMembers(branch, value, path) : [];
  }
  if (schema.type === 'array' && Array.isArray(value) && isObject(schema.items)) {
    return value.flatMap((v, i) => undeclaredMembers(schema.items as Json, v, `${path}/${i}`));
  }
  if (
    schema.type !== 'object' ||
    !isObject(value) ||
    !isObject(schema.properties) ||
    Object.keys(schema.properties).length === 0
  )
    return [];
  const props = schema.properties as Record<string, Json>;
  return Object.entries(value).flatMap(([k, v]) =>
    k in props ? undeclaredMembers(props[k]!, v, `${path}/${k}`) : k.startsWith('x_') ? [] : [`${path}/${k}`],
  );
}

export const EXTENSIBILITY_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'ext.unknown-request-members-ignored',
    title: 'Unknown request members are ignored, not rejected',
    requirements: ['AIP-EXT-001'],
    profile: 'core',
    action:
      'Invokes with unknown members at the top level and inside prompt, context and options (and on the hub: invoke and session create)',
    async run(ctx) {
      const f = new Findings();
      const body = portableBody({
        content: { x_hint: 1, futureMember: true },
        options: { futureOption: 'on' },
      }) as Json;
      const portable = await portableInvoke(
        ctx,
        { ...body, futureTopLevel: { nested: [1, 2] }, prompt: { content: 'Hello', futurePromptMember: 'x' } },
        { label: 'portable invoke with unknown members' },
      );
      if (f.expect(portable.status === 200, `portable invoke with unknown members: ${describe(portable)}`))
        requireInvocation(portable, 'the answer to the portable invoke with unknown members');
      if (hubClaimed(ctx)) {
        const hub = await hubInvoke(
          ctx,
          { ...hubBody(ctx), futureTopLevel: 1, context: { futureSelector: 'x' } },
          { label: 'hub invoke with unknown members' },
        );
        f.expect(hub.status === 200, `hub invoke with unknown members: ${describe(hub)}`);
        const session = await ctx.send({
          method: 'POST',
          path: SESSIONS,
          json: { name: ctx.unique('unknown members'), futureMember: 'x' },
          label: 'create session with an unknown member',
        });
        f.expect(session.status === 201, `session create with an unknown member: ${describe(session)}`);
      }
      return f.outcome('the requests succeed');
    },
  },
  {
    id: 'ext.added-members-prefixed',
    title: 'Members a server adds beyond the spec start with x_',
    requirements: ['AIP-EXT-005'],
    profile: 'core',
    action:
      'Compares the manifest, JSON invocations, error answers and stream event payloads with their schemas and lists undeclared members',
    async run(ctx) {
      const f = new Findings();
      const samples: Array<[string, WireSchemaName, unknown]> = [];
      const manifest = await ctx.send({ method: 'GET', path: MANIFEST, auth: 'none', label: 'platform manifest' });
      samples.push(['platform manifest', 'platform-manifest-document', manifest.json]);
      samples.push(['portable JSON invoke', 'invoke-response', (await ctx.use(portableJson)).json]);
      if (hubClaimed(ctx)) samples.push(['hub JSON invoke', 'invoke-response', (await ctx.use(hubJson)).json]);
      for (const s of await ctx.use(errorSamples))
        samples.push([`error answer (${s.label})`, 'error-envelope', s.res.json]);
      if (ctx.target.agentStreams) {
        for (const s of await streamSamples(ctx, 'main')) {
          for (const e of s.res.stream?.events ?? [])
            if (isCatalogued(e.type)) samples.push([`${s.label} ${e.type}`, schemaNameOf(e.type), e.json]);
        }
      }
      const judged = samples.filter(
        ([, schema, value]) =>
          validate(schema, value).ok || undeclaredMembers(jsonSchemaDocument(schema), value).length > 0,
      );
      if (judged.length === 0)
        return untestable(
          `none of ${samples.length} answers is a document of its schema, so there are no members to judge`,
        );
      for (const [what, schema, value] of samples) {
        const extra = undeclaredMembers(jsonSchemaDocument(schema), value);
        f.expect(extra.length === 0, `${what}: undeclared member(s) without the x_ prefix: ${extra.join(', ')}`);
      }
      return f.outcome('no undeclared member, or only x_-prefixed ones');
    },
  },
]);
