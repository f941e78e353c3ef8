import { parseArgs } from 'node:util';

export const USAGE = `Usage: aip-server [options]

Runs the AIP reference hub (core + hub profiles) with deterministic agents.

Options:
  --host HOST          interface to bind (default 127.0.0.1; env AIP_HOST)
  --port N             port, 0 for any free port (default 8787; env AIP_PORT)
  --db FILE|:memory:   SQLite database (default ./aip-reference.db; env AIP_DB)
  --api-key KEY        accepted API key; repeat for several
                       (env AIP_API_KEYS, comma-separated; default: a generated key, printed once)
  --heartbeat-ms N     keep-alive comment interval on idle streams (default 15000)
  --version            show the kit version, the Node.js version and the SQLite driver in use
  --help               show this help
`;

export interface CliConfig {
  host: string;
  port: number;
  db: string;
  apiKeys: string[];
  heartbeatMs?: number;
}

export type CliParse =
  | { kind: 'run'; config: CliConfig }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage-error'; message: string };

/** Flags win over environment variables, which win over defaults. Pure, so it can be tested. */
export function parseCli(argv: string[], env: Record<string, string | undefined>): CliParse {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        db: { type: 'string' },
        'api-key': { type: 'string', multiple: true },
        'heartbeat-ms': { type: 'string' },
        help: { type: 'boolean' },
        version: { type: 'boolean' },
      },
    }));
  } catch (e) {
    return { kind: 'usage-error', message: e instanceof Error ? e.message : String(e) };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const port = integer(values.port ?? env.AIP_PORT ?? '8787', 0, 65535);
  if (port === undefined) return { kind: 'usage-error', message: '--port must be an integer from 0 to 65535' };
  let heartbeatMs: number | undefined;
  if (values['heartbeat-ms'] !== undefined) {
    heartbeatMs = integer(values['heartbeat-ms'], 1, 3_600_000);
    if (heartbeatMs === undefined) return { kind: 'usage-error', message: '--heartbeat-ms must be a positive integer' };
  }
  const host = values.host ?? env.AIP_HOST ?? '127.0.0.1';
  if (host === '') return { kind: 'usage-error', message: '--host must not be empty' };
  const db = values.db ?? env.AIP_DB ?? './aip-reference.db';
  if (db === '') return { kind: 'usage-error', message: '--db must not be empty' };
  const flagKeys = values['api-key'] ?? [];
  if (flagKeys.some((k) => k === '')) return { kind: 'usage-error', message: '--api-key must not be empty' };
  const apiKeys =
    flagKeys.length > 0
      ? flagKeys
      : (env.AIP_API_KEYS ?? '')
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k !== '');
  const config: CliConfig = { host, port, db, apiKeys };
  if (heartbeatMs !== undefined) config.heartbeatMs = heartbeatMs;
  return { kind: 'run', config };
}

function integer(text: string, min: number, max: number): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}
