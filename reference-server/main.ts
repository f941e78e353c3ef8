/**
 * `aip-server`: the reference hub as a process. The only file of the server that reads argv or
 * the environment, prints, or binds a port on its own.
 */
import { randomBytes } from 'node:crypto';
import { type CliConfig, parseCli, USAGE } from './cli/args.ts';
import { versionText } from './cli/version.ts';
import { createServer } from './index.ts';
import {
  describeDriver,
  findSqliteDriver,
  type SqliteDriver,
  SqliteUnavailableError,
} from './storage/sqlite-drivers.ts';

const parsed = parseCli(process.argv.slice(2), process.env);
if (parsed.kind === 'help') {
  process.stdout.write(USAGE);
} else if (parsed.kind === 'version') {
  process.stdout.write(versionText());
} else if (parsed.kind === 'usage-error') {
  process.stderr.write(`aip-server: ${parsed.message}\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  const driver = findSqliteDriver();
  if (driver instanceof SqliteUnavailableError) {
    process.stderr.write(`aip-server: ${driver.message}\n`);
    process.exitCode = 1;
  } else {
    await serve(parsed.config, driver);
  }
}

async function serve(config: CliConfig, driver: SqliteDriver): Promise<void> {
  const generated = config.apiKeys.length === 0 ? `rt_test_${randomBytes(18).toString('base64url')}` : undefined;
  let server: ReturnType<typeof createServer>;
  try {
    server = createServer({
      apiKeys: generated ? [generated] : config.apiKeys,
      db: config.db,
      heartbeatMs: config.heartbeatMs,
    });
  } catch (error) {
    process.stderr.write(`aip-server: cannot open the database ${config.db}: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  const { url } = await server.listen(config.port, config.host);
  if (generated) process.stdout.write(`No API key given; generated one for this run (shown only now):\n${generated}\n`);
  process.stdout.write(`AIP reference server storage: ${describeDriver(driver)}, database ${config.db}\n`);
  process.stdout.write(`AIP reference server listening on ${url}\n`);

  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`aip-server: ${signal} received, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
