/** Hard limits of the probe: a hostile or broken target can cost the kit at most this much. */
export interface ProbeLimits {
  /** The whole exchange, from getting a socket to the end of the body. */
  timeoutMs: number;
  /** TCP (and TLS) connection establishment. */
  connectTimeoutMs: number;
  /** From the request being sent to the first byte of the answer (a real model may think long before answering). */
  firstByteTimeoutMs: number;
  /** Longest pause between bytes while sending a request or reading a body (a slow link still moves bytes). */
  idleTimeoutMs: number;
  /** Largest non-stream body read; beyond it the kit stops reading and aborts. */
  maxJsonBytes: number;
  /** Largest stream body read. */
  maxStreamBytes: number;
  /**
   * Memory held at once by every exchange in flight: body bytes, plus twice the data of parsed events
   * and of an unfinished line. An exchange that would go beyond it stops reading (`over-budget`, which
   * makes its check untestable: other exchanges used the room), so concurrent checks cannot add up
   * past this however much a target sends. A full stream at maxStreamBytes costs about three times it.
   */
  maxBufferedBytes: number;
  /** How long the kit waits for the server to close a stream after its terminal event. */
  terminalGraceMs: number;
  /** Evidence bounds: bytes of body text and of stream chunks kept per exchange. */
  evidenceBodyBytes: number;
  evidenceStreamBytes: number;
}

export const DEFAULT_LIMITS: ProbeLimits = {
  timeoutMs: 120_000,
  connectTimeoutMs: 10_000,
  firstByteTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  maxJsonBytes: 4 * 1024 * 1024,
  maxStreamBytes: 4 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  terminalGraceMs: 1_000,
  evidenceBodyBytes: 8 * 1024,
  evidenceStreamBytes: 16 * 1024,
};
