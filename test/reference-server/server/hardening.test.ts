import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, json, send, sleep, start, type Running } from './helpers.ts';

let srv: Running;
let port: number;

beforeAll(async () => {
  srv = await start({ headersTimeoutMs: 500, requestTimeoutMs: 1000, keepAliveTimeoutMs: 300 });
  port = Number(new URL(srv.url).port);
});
afterAll(() => srv.close());

interface Dribble {
  socket: Socket;
  /** What the server sent before it closed the connection. */
  answer: () => string;
  closedAfterMs: Promise<number>;
  /** How many bytes had been written when the server closed the connection. */
  sentAtClose: () => number;
}

/** Sends `text` one byte every `gapMs`, like a slowloris client. */
function dribble(text: string, gapMs: number): Dribble {
  const socket = connect(port, '127.0.0.1');
  const t0 = Date.now();
  let sent = 0;
  let sentAtClose = -1;
  const closedAfterMs = new Promise<number>((resolve) => {
    socket.on('close', () => {
      sentAtClose = sent;
      resolve(Date.now() - t0);
    });
  });
  let answer = '';
  socket.on('error', () => undefined);
  socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
  const timer = setInterval(() => {
    if (sent >= text.length || socket.destroyed) return clearInterval(timer);
    socket.write(text[sent++]!);
  }, gapMs);
  socket.once('close', () => clearInterval(timer));
  return { socket, answer: () => answer, closedAfterMs, sentAtClose: () => sentAtClose };
}

describe('slow clients cannot hold the server', () => {
  it('cuts off a client that dribbles its headers (slowloris) within the headers timeout, with a 408', async () => {
    const headers = `GET /.well-known/aip/agent HTTP/1.1\r\nHost: x\r\nX-Padding: ${'p'.repeat(200)}\r\n\r\n`;
    const slow = dribble(headers, 20);
    // The server keeps answering everyone else meanwhile.
    const meanwhile = await json(srv.url, 'GET', '/.well-known/aip/agent');
    expect(meanwhile.status).toBe(200);
    const closedAfter = await slow.closedAfterMs;
    expect(closedAfter).toBeLessThan(1500);
    expect(slow.sentAtClose()).toBeLessThan(headers.length);
    expect(slow.answer()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(slow.answer()).toMatch(/\r\nX-Request-Id: req_[0-9a-f]+\r\n/);
  });

  it('cuts off a client that dribbles its body within the request timeout', async () => {
    const body = JSON.stringify({ agent: 'echo', prompt: 'x'.repeat(400) });
    const request = `POST /v1/aip/invoke HTTP/1.1\r\nHost: x\r\nX-API-Key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.on('error', () => undefined);
    socket.write(request);
    const t0 = Date.now();
    const closed = new Promise<number>((r) => socket.on('close', () => r(Date.now() - t0)));
    let i = 0;
    const timer = setInterval(
      () => (i < body.length && !socket.destroyed ? socket.write(body[i++]!) : clearInterval(timer)),
      20,
    );
    const closedAfter = await closed;
    clearInterval(timer);
    expect(closedAfter).toBeLessThan(2000);
    expect(i).toBeLessThan(body.length);
  });

  it('closes idle keep-alive connections after the keep-alive timeout', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<number>((r) => socket.on('close', () => r(Date.now())));
    socket.write('GET /.well-known/aip/agent HTTP/1.1\r\nHost: x\r\n\r\n');
    while (!answer.includes('"agents"')) await sleep(10);
    const answeredAt = Date.now();
    // Node 20 adds a fixed 1 s buffer to keepAliveTimeout before it closes the socket.
    expect((await closed) - answeredAt).toBeLessThan(2500);
  });
});

describe('request ids', () => {
  it('puts a distinct X-Request-Id on every response: success, error, stream', async () => {
    const a = await json(srv.url, 'GET', '/.well-known/aip/agent');
    const b = await json(srv.url, 'GET', '/nowhere');
    const c = await send(
      srv.url,
      'POST',
      '/v1/aip/invoke',
      { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
      JSON.stringify({ agent: 'echo', prompt: 'x', stream: true }),
    );
    expect(c.headers['content-type']).toMatch(/^text\/event-stream/);
    const ids = [a, b, c].map((r) => r.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(/^req_[A-Za-z0-9]+$/);
    expect(new Set(ids).size).toBe(3);
  });
});
