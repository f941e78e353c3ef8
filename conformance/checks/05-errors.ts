/** §5 Errors: the envelope, status ↔ code, field, requestId and retryable, read from a set of faulty requests. */
import { sectionChecks } from './_section.ts';
import { ERROR_CODES, validate, describeViolations } from '../../src/index.ts';
import type { Check, CheckContext } from '../types.ts';
import { PreconditionError } from '../types.ts';
import { needsConformanceAgent, SCRIPTS } from './_conformance-agent.ts';
import { errorSamples, failingJson, scripted, type ErrorSample } from './_fixtures.ts';
import { describe, errorOf, isJsonPointer, isJsonResponse, isObject } from './_http.ts';
import { requireErrorAnswers } from './_evidence.ts';
import { Findings } from './_outcome.ts';
import { payload, terminalOf, unreadableStream } from './_streams.ts';

/** The error answers of the faulty requests; with none there is nothing to judge. */
async function answered(ctx: CheckContext): Promise<ErrorSample[]> {
  return requireErrorAnswers(await ctx.use(errorSamples));
}

const FIELD_FORM = (field: string) =>
  isJsonPointer(field) || /^header:[A-Za-z0-9-]+$/.test(field) || /^\/query\/[A-Za-z0-9_.-]+$/.test(field);

export const ERROR_CHECKS: Check[] = sectionChecks(import.meta.url, [
  {
    id: 'errors.envelope-shape',
    title: 'Error answers are JSON error envelopes with a message',
    requirements: ['AIP-ERR-001'],
    profile: 'core',
    action:
      'Sends faulty requests (unknown path, wrong method, no key, wrong media type, bad JSON, schema violation, missing or unknown agent, unsupported version…) and validates each error answer',
    async run(ctx) {
      const f = new Findings();
      for (const s of await answered(ctx)) {
        if (s.res.status! < 400) continue;
        f.expect(
          isJsonResponse(s.res),
          `${s.label}: Content-Type is "${s.res.headers['content-type'] ?? '(none)'}", not application/json`,
          ['AIP-ERR-001'],
        );
        const v = validate('error-envelope', s.res.json);
        if (!v.ok) {
          f.add(
            `${s.label}: the body is not a valid error envelope: ${s.res.jsonError ? `not JSON (${s.res.jsonError})` : describeViolations(v.violations)}`,
            ['AIP-ERR-001'],
          );
          continue;
        }
        const message = errorOf(s.res)!.message;
        f.expect(typeof message === 'string' && message.trim().length > 0, `${s.label}: error.message is blank`, [
          'AIP-ERR-001',
        ]);
      }
      return f.outcome(
        'Content-Type application/json and a body valid against error-envelope with a non-empty message',
      );
    },
  },
  {
    id: 'errors.status-matches-code',
    title: "An error's HTTP status is the catalogue status of its code",
    requirements: ['AIP-ERR-002'],
    profile: 'core',
    action: 'Compares the status of each error answer with the catalogue status of its error.code',
    async run(ctx) {
      const f = new Findings();
      for (const s of await answered(ctx)) {
        const code = errorOf(s.res)?.code;
        if (typeof code !== 'string' || !(code in ERROR_CODES)) continue;
        const status = ERROR_CODES[code as keyof typeof ERROR_CODES].status;
        if (status !== null)
          f.expect(
            s.res.status === status,
            `${s.label}: code "${code}" was sent with HTTP ${s.res.status}; the catalogue gives ${status}`,
          );
      }
      return f.outcome('HTTP status = catalogue status of error.code');
    },
  },
  {
    id: 'errors.catalogue-code-used',
    title: 'Each fault gets the catalogue code that describes it',
    requirements: ['AIP-ERR-003'],
    profile: 'core',
    action: 'Compares error.code of each faulty request with the code the catalogue has for that fault',
    async run(ctx) {
      const f = new Findings();
      for (const s of await answered(ctx)) {
        const code = errorOf(s.res)?.code;
        f.expect(code === s.code, `${s.label}: error.code ${JSON.stringify(code)} instead of "${s.code}"`);
      }
      return f.outcome('the catalogue code of each fault');
    },
  },
  {
    id: 'errors.invalid-request-has-field',
    title: 'invalid_request errors carry a well-formed field',
    requirements: ['AIP-ERR-005'],
    profile: 'core',
    action: 'Reads error.field of every invalid_request answer',
    async run(ctx) {
      const f = new Findings();
      let seen = 0;
      for (const s of await answered(ctx)) {
        const err = errorOf(s.res);
        if (err?.code !== 'invalid_request') continue;
        seen++;
        const field = err.field;
        if (typeof field !== 'string') f.add(`${s.label}: invalid_request without field`);
        else
          f.expect(
            FIELD_FORM(field),
            `${s.label}: field "${field}" is neither a JSON Pointer, "header:<Name>" nor "/query/<name>"`,
          );
      }
      if (seen === 0) f.add('no faulty request was answered with invalid_request, so field could not be inspected');
      return f.outcome('field: a JSON Pointer, header:<Name> or /query/<name>');
    },
  },
  {
    id: 'errors.request-id-echoed',
    title: 'error.requestId equals the X-Request-Id header',
    requirements: ['AIP-ERR-006'],
    profile: 'core',
    action: 'Compares error.requestId with X-Request-Id on every error answer',
    async run(ctx) {
      const f = new Findings();
      for (const s of await answered(ctx)) {
        const err = errorOf(s.res);
        if (!err) continue;
        const header = s.res.headers['x-request-id'];
        f.expect(
          err.requestId !== undefined && err.requestId === header,
          `${s.label}: error.requestId ${JSON.stringify(err.requestId)} vs X-Request-Id ${JSON.stringify(header)}`,
        );
      }
      return f.outcome('error.requestId present and equal to X-Request-Id');
    },
  },
  {
    id: 'errors.retryable-flag',
    title: 'error.retryable is present and false for faults a retry cannot fix',
    requirements: ['AIP-ERR-007'],
    profile: 'core',
    action: 'Reads error.retryable on error answers to faulty requests',
    async run(ctx) {
      const f = new Findings();
      for (const s of await answered(ctx)) {
        const err = errorOf(s.res);
        if (!err) continue;
        f.expect(
          err.retryable === false,
          `${s.label} (${String(err.code)}): retryable is ${JSON.stringify(err.retryable) ?? 'absent'}, expected false`,
        );
      }
      return f.outcome('retryable: false');
    },
  },
  {
    id: 'errors.internal-error-retryable',
    title: 'An internal_error is retryable',
    requirements: ['AIP-ERR-007'],
    profile: 'core',
    action:
      'Streams the conformance agent with a script that fails with internal_error, and reads the error event (Appendix A.37)',
    applies: needsConformanceAgent('a run that fails with internal_error'),
    async run(ctx) {
      const res = await scripted(
        ctx,
        SCRIPTS.internalError,
        true,
        'conformance agent, fails with internal_error, stream',
      );
      const unread = unreadableStream(res);
      if (unread) throw new PreconditionError(unread.reason, { rootCause: unread.rootCause });
      const err = payload(terminalOf(res.stream!))?.error;
      if (!isObject(err) || err.code !== 'internal_error')
        throw new PreconditionError(
          `the run did not end with an internal_error (${describe(res)}); see conformance.fail-with-code`,
          { rootCause: 'conformance.fail-with-code' },
        );
      const f = new Findings();
      f.expect(
        err.retryable === true,
        `the internal_error event has retryable ${JSON.stringify(err.retryable) ?? 'absent'}, expected true`,
      );
      return f.outcome('retryable: true');
    },
  },
  {
    id: 'errors.run-codes-not-in-error-answers',
    title: 'agent_error and cancelled never appear in an error response',
    requirements: ['AIP-ERR-008'],
    profile: 'core',
    action: 'Reads error answers to faulty requests and, with a conformance agent, the JSON answer of a run it fails',
    async run(ctx) {
      const f = new Findings();
      const samples: Array<[string, ErrorSample['res']]> = (await answered(ctx)).map((s) => [s.label, s.res]);
      if (ctx.target.conformanceAgent) samples.push(['failed run, JSON', await ctx.use(failingJson)]);
      for (const [label, res] of samples) {
        const code = errorOf(res)?.code;
        f.expect(
          !(code === 'agent_error' || code === 'cancelled'),
          `${label}: an HTTP ${String(res.status)} error response carries code "${String(code)}"`,
        );
      }
      return f.outcome('no error response with agent_error or cancelled');
    },
  },
]);
