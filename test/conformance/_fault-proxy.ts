/**
 * A TCP proxy on loopback that makes the network hostile in one of three ways, with seeded
 * randomness so a failing run can be replayed:
 *   - split:   every write is cut into 1–7 byte pieces with 0–5 ms gaps between them;
 *   - latency: every chunk is held for a fixed delay (order preserved);
 *   - reset:   a share of data chunks makes the proxy reset both connections instead of forwarding.
 * It never outlives its test: `close()` destroys every socket, and a lifetime cap closes it anyway.
 */
import net from 'node:net';

export type FaultMode =
  | { kind: 'split'; minBytes?: number; maxBytes?: number; maxGapMs?: number }
  | { kind: 'latency'; delayMs: number }
  | { kind: 'reset'; rate: number };

export interface FaultProxy {
  url: string;
  /** Connections reset on purpose so far (reset mode). */
  readonly resets: number;
  close(): Promise<void>;
}

/** mulberry32: small, fast and good enough to make gaps and resets reproducible from a seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startFaultProxy(
  upstreamUrl: string,
  mode: FaultMode,
  options: { seed?: number; lifetimeMs?: number } = {},
): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  if (upstream.hostname !== '127.0.0.1' && upstream.hostname !== 'localhost')
    throw new Error('the fault proxy forwards to loopback only');
  const random = seeded(options.seed ?? 1);
  const sockets = new Set<net.Socket>();
  let resets = 0;

  /** Forwards `from` to `to` through the fault, one chunk at a time and in order. */
  const pipe = (from: net.Socket, to: net.Socket, both: () => void) => {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (mode.kind === 'reset' && random() < mode.rate) {
        resets++;
        both();
        return;
      }
      from.pause();
      chain = chain.then(async () => {
        if (mode.kind === 'latency') {
          await sleep(mode.delayMs);
          if (!to.destroyed) to.write(chunk);
        } else if (mode.kind === 'split') {
          const min = mode.minBytes ?? 1;
          const max = mode.maxBytes ?? 7;
          const gap = mode.maxGapMs ?? 5;
          for (let at = 0; at < chunk.length && !to.destroyed; ) {
            const n = min + Math.floor(random() * (max - min + 1));
            to.write(chunk.subarray(at, at + n));
            at += n;
            await sleep(Math.floor(random() * (gap + 1)));
          }
        } else if (!to.destroyed) to.write(chunk);
        if (!from.destroyed) from.resume();
      });
    });
    // A side that ends or closes ends the other only once what it sent has been forwarded: a server
    // closing after its response must not cut that response while it still trickles to the client.
    const finish = () => {
      void chain.then(() => to.end());
    };
    from.on('end', finish);
    from.on('close', finish);
  };

  const server = net.createServer((client) => {
    const target = net.connect(Number(upstream.port), '127.0.0.1');
    sockets.add(client);
    sockets.add(target);
    const resetBoth = () => {
      client.resetAndDestroy();
      target.resetAndDestroy();
    };
    for (const s of [client, target]) {
      s.on('error', () => resetBoth());
      s.on('close', () => sockets.delete(s));
    }
    pipe(client, target, resetBoth);
    pipe(target, client, resetBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  const close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 120_000);
  lifetime.unref();
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname === '/' ? '' : upstream.pathname}`,
    get resets() {
      return resets;
    },
    close,
  };
}
