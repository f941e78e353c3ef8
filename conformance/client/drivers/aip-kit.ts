/**
 * The client-conformance driver for the kit's own client, `aip-kit/client`. It follows the
 * driver contract of conformance/README.md: read AIP_BASE_URL, AIP_API_KEY and AIP_REQUEST,
 * send the body with the library, print one JSON line per event the library hands over (or the
 * response, or the failure), exit 0 only when the library reported success.
 *
 *   AIP_BASE_URL=… AIP_API_KEY=… AIP_REQUEST='{"endpoint":"hub","agent":"echo","body":{…}}' node aip-kit.js
 */
import { AipError, AipStreamError, CLIENT_ERROR_CODES, createClient, type AipEventStream } from 'aip-kit/client';

interface DriverRequest {
  endpoint: 'hub' | 'portable';
  agent: string;
  body: Record<string, unknown>;
}

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

/** The contract's failure: the status of a non-2xx answer, and the code the server sent, if any. */
function failure(err: unknown): { status: number | null; code: string | null; message: string } {
  if (!(err instanceof AipError)) return { status: null, code: null, message: String(err) };
  const http = err.status !== undefined && (err.status < 200 || err.status > 299) && !(err instanceof AipStreamError);
  const ownCode = err.code in CLIENT_ERROR_CODES || /^http_\d+$/.test(err.code);
  return { status: http ? err.status! : null, code: ownCode ? null : err.code, message: err.message };
}

async function main(): Promise<number> {
  const req = JSON.parse(process.env.AIP_REQUEST ?? '') as DriverRequest;
  const aip = createClient({ baseUrl: process.env.AIP_BASE_URL ?? '', apiKey: process.env.AIP_API_KEY });
  const body = req.body;
  const streaming =
    req.endpoint === 'hub' ? body.stream === true : (body.options as { stream?: boolean })?.stream === true;
  try {
    if (streaming) {
      const events: AipEventStream =
        req.endpoint === 'hub'
          ? aip.stream(body as unknown as Parameters<typeof aip.stream>[0])
          : aip.streamPortable(req.agent, body as unknown as Parameters<typeof aip.streamPortable>[1]);
      let ok = false;
      for await (const e of events) {
        print({ event: e.event, data: e.data });
        ok = e.event === 'complete';
      }
      return ok ? 0 : 1;
    }
    const run =
      req.endpoint === 'hub'
        ? await aip.invoke(body as unknown as Parameters<typeof aip.invoke>[0])
        : await aip.invokePortable(req.agent, body as unknown as Parameters<typeof aip.invokePortable>[1]);
    print({ response: { data: run } });
    return run.status === 'completed' ? 0 : 1;
  } catch (err) {
    print({ failure: failure(err) });
    return 1;
  }
}

process.exitCode = await main();
