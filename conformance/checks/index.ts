/**
 * Every check of the kit, in spec order: one file per spec section, named `<section>-<id prefix>.ts`
 * (checks/_section.ts derives each check's section from it and refuses an id with another prefix).
 * Check ids are stable slugs; a retired id is never reused for another meaning.
 */
import type { Check } from '../types.ts';
import { HTTP_CHECKS } from './03-http.ts';
import { AUTH_CHECKS } from './04-auth.ts';
import { ERROR_CHECKS } from './05-errors.ts';
import { MANIFEST_CHECKS } from './06-manifest.ts';
import { PORTABLE_CHECKS } from './07-portable.ts';
import { INVOKE_CHECKS } from './08-invoke.ts';
import { CONTEXT_CHECKS } from './09-context.ts';
import { STREAMING_CHECKS } from './10-stream.ts';
import { EVENT_CHECKS } from './11-events.ts';
import { SESSION_CHECKS } from './12-sessions.ts';
import { BLOCK_CHECKS } from './13-blocks.ts';
import { AGENT_CHECKS } from './14-agents.ts';
import { VERSION_CHECKS } from './15-version.ts';
import { EXTENSIBILITY_CHECKS } from './16-ext.ts';
import { SECURITY_CHECKS } from './17-security.ts';
import { CONFORMANCE_AGENT_CHECKS } from './19-conformance.ts';

/** Titles of the spec's top-level sections (the spec section map). */
export const SECTION_TITLES: Record<string, string> = {
  '3': 'HTTP conventions',
  '4': 'Authentication',
  '5': 'Errors',
  '6': 'Agent manifest',
  '7': 'Portable invoke endpoint',
  '8': 'Hub invoke and invocation semantics',
  '9': 'Context assembly and enrichment',
  '10': 'Streaming transport and SSE framing',
  '11': 'Stream events and ordering',
  '12': 'Sessions',
  '13': 'Blocks',
  '14': 'Agents list',
  '15': 'Versioning',
  '16': 'Extensibility',
  '17': 'Security considerations',
  '19': 'The conformance agent',
};

export const CHECKS: readonly Check[] = Object.freeze([
  ...HTTP_CHECKS,
  ...AUTH_CHECKS,
  ...ERROR_CHECKS,
  ...MANIFEST_CHECKS,
  ...PORTABLE_CHECKS,
  ...INVOKE_CHECKS,
  ...CONTEXT_CHECKS,
  ...STREAMING_CHECKS,
  ...EVENT_CHECKS,
  ...SESSION_CHECKS,
  ...BLOCK_CHECKS,
  ...AGENT_CHECKS,
  ...VERSION_CHECKS,
  ...EXTENSIBILITY_CHECKS,
  ...SECURITY_CHECKS,
  ...CONFORMANCE_AGENT_CHECKS,
]);
