/** Hard limits of the probe: a hostile or broken target can cost the kit at most this much. */
export interface ProbeLimits {
  /** Whole exchange, from sending to the end of the body. */
  timeoutMs: number;
  /** TCP (and TLS) connection establishment. */
  connectTimeoutMs: number;
  /** Largest non-stream body read; beyond it the kit stops reading and aborts. */
  maxJsonBytes: number;
  /** Largest stream body read. */
  maxStreamBytes: number;
  /** How long the kit waits for the server to close a stream after its terminal event. */
  terminalGraceMs: number;
  /** Evidence bounds: bytes of body text and of stream chunks kept per exchange. */
  evidenceBodyBytes: number;
  evidenceStreamBytes: number;
}

export const DEFAULT_LIMITS: ProbeLimits = {
  timeoutMs: 10_000,
  connectTimeoutMs: 5_000,
  maxJsonBytes: 4 * 1024 * 1024,
  maxStreamBytes: 16 * 1024 * 1024,
  terminalGraceMs: 1_000,
  evidenceBodyBytes: 8 * 1024,
  evidenceStreamBytes: 16 * 1024,
};
