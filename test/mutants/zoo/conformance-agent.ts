/**
 * §19 The conformance agent, and faults that only a scripted run exposes: a hang-up while the agent
 * runs longer than any fixed wait would cover.
 */
import { HUB_INVOKE, MANIFEST, isInvoke, wantsStream, withBody } from '../helpers.ts';
import type { Mutant, ProxyRequest } from '../types.ts';

type Body = Record<string, any>;

const CONFORMANCE = 'conformance';

function agentOf(req: ProxyRequest): string | undefined {
  return req.path === HUB_INVOKE ? (req.json as Body | undefined)?.agent : req.headers['x-aip-agent'];
}

function promptOf(req: ProxyRequest): string | undefined {
  const b = req.json as Body | undefined;
  const p = req.path === HUB_INVOKE ? b?.prompt : b?.prompt?.content;
  return typeof p === 'string' ? p : undefined;
}

function withPrompt(req: ProxyRequest, prompt: string): ProxyRequest {
  const b = structuredClone(req.json as Body);
  if (req.path === HUB_INVOKE) b.prompt = prompt;
  else b.prompt = { ...b.prompt, content: prompt };
  return withBody(req, b);
}

const scripted = (req: ProxyRequest) => isInvoke(req) && agentOf(req) === CONFORMANCE && promptOf(req) !== undefined;
const hasDirective = (req: ProxyRequest) => /^@aip /m.test(promptOf(req) ?? '');

export const CONF_MUTANTS: Mutant[] = [
  {
    name: 'conf-two-marked',
    fault: 'Marks a second agent ("slow") as the conformance agent in the platform manifest.',
    expect: { requirements: ['AIP-CONF-002'], verdict: 'fail' },
    when: (req) => req.method === 'GET' && req.path === MANIFEST && !req.query.has('agent'),
    json: (doc) => {
      for (const a of doc?.agents ?? []) if (a.id === 'slow') a.conformance = true;
      return doc;
    },
  },
  {
    name: 'conf-directives-ignored',
    fault: 'The conformance agent ignores its directives and always runs the default script.',
    expect: { requirements: ['AIP-CONF-004'], verdict: 'fail' },
    when: (req) => scripted(req) && hasDirective(req),
    request: (req) => withPrompt(req, 'Directives are ignored here.'),
  },
  {
    name: 'conf-default-text-only',
    fault: 'Without directives, the conformance agent only answers with text.',
    expect: { requirements: ['AIP-CONF-005'], verdict: 'fail' },
    when: (req) => scripted(req) && !hasDirective(req),
    request: (req) => withPrompt(req, '@aip text Only text.'),
  },
  {
    name: 'conf-delay-skipped',
    fault: 'The conformance agent skips its delays.',
    expect: { requirements: ['AIP-CONF-006'], verdict: 'fail' },
    when: (req) => scripted(req) && /^@aip delay /m.test(promptOf(req)!),
    request: (req) => withPrompt(req, promptOf(req)!.replace(/^@aip delay \d+$/gm, '@aip delay 0')),
  },
  {
    name: 'conf-fail-code-ignored',
    fault: 'The conformance agent fails with agent_error whatever code `@aip fail` names.',
    expect: { requirements: ['AIP-CONF-007'], verdict: 'fail' },
    when: (req) => scripted(req) && /^@aip fail /m.test(promptOf(req)!),
    request: (req) => withPrompt(req, promptOf(req)!.replace(/^@aip fail \w+$/gm, '@aip fail agent_error')),
  },
  {
    name: 'conf-bad-directive-skipped',
    fault: 'The conformance agent skips directives it does not understand instead of failing.',
    expect: { requirements: ['AIP-CONF-008'], verdict: 'fail' },
    when: (req) => scripted(req) && /^@aip (no-such-directive|result never_called)/m.test(promptOf(req)!),
    request: (req) => withPrompt(req, '@aip text skipped'),
  },
  {
    name: 'str-disconnect-ignored-long-run',
    fault:
      'Lets the run finish and save after the client hung up, with an agent that runs five times longer than its script asks (longer than the old fixed wait of about 5 s).',
    expect: { requirements: ['AIP-STR-011'], verdict: 'fail' },
    only: ['stream.disconnect-cancels'],
    when: (req) => wantsStream(req) && scripted(req),
    request: (req) =>
      withPrompt(
        req,
        promptOf(req)!.replace(/^@aip delay (\d+)$/gm, (_, ms: string) => `@aip delay ${Number(ms) * 5}`),
      ),
    stream: { drainOnDisconnect: true },
  },
];
