// A strict TypeScript consumer of the packed tarball: every code entry, some of its types in use. The
// expect-error lines are canaries: should a declaration fail to resolve and turn into `any`, they stop erroring.
import { type AgentManifest, type AipEvent, type HubInvokeRequest, type ValidationResult, validate } from 'aip-kit';
import { AipError, type ClientOptions, collect, createClient } from 'aip-kit/client';
import { exitCodeOf, KIT, type Report, type RunOptions, runConformance } from 'aip-kit/conformance';
import { createServer, type ServerOptions } from 'aip-kit/server';
import { createParser, encodeEvent } from 'aip-kit/sse';

const request: HubInvokeRequest = { agent: 'echo', prompt: 'hi' };
// @ts-expect-error the agent is a string
const wrong: HubInvokeRequest = { agent: 1, prompt: 'hi' };
const checked: ValidationResult = validate('hub-invoke-request', request);
// @ts-expect-error only the published wire schema names are accepted
validate('no-such-schema', request);

const serverOptions: ServerOptions = { apiKeys: ['k'], db: ':memory:' };
// @ts-expect-error apiKeys is a list
const badServer: ServerOptions = { apiKeys: 'k' };

export async function run(manifest: AgentManifest): Promise<number> {
  const server = createServer(serverOptions);
  const { url } = await server.listen(0);
  const options: ClientOptions = { baseUrl: url, apiKey: 'k' };
  const client = createClient(options);
  const events: AipEvent[] = [];
  for await (const e of client.stream({ agent: manifest.name, prompt: 'hi' })) events.push(e);
  const { output } = await collect(client.stream({ agent: 'echo', prompt: 'hi' }));
  const runOptions: RunOptions = { url, apiKey: 'k', only: ['AIP-EVT'] };
  const report: Report = await runConformance(runOptions);
  let status = 0;
  try {
    await client.invoke({ agent: 'nope', prompt: 'hi' });
  } catch (e) {
    if (e instanceof AipError) status = e.status ?? 0;
  }
  const frames: string[] = [];
  createParser({ onEvent: (e) => frames.push(e.data) }).feed(encodeEvent({ event: 'ping', data: { n: 1 } }));
  await server.close();
  return exitCodeOf(report) + events.length + output.length + status + frames.length + KIT.version.length;
}

export { checked, wrong, badServer };
