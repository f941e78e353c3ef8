export { Probe, API_KEY_HEADER, type ProbeRequest, type ProbeResponse, type ProbeOptions } from './client.ts';
export { DEFAULT_LIMITS, type ProbeLimits } from './limits.ts';
export { isSecretHeaderName, headerEnvName } from './client.ts';
export { createRedactor, maskKey, redactDeep, redactHeaders, stripCredentials, type Redactor } from './redact.ts';
export { toCurl } from './curl.ts';
export type { CapturedEvent, StreamCapture } from './sse-capture.ts';
export type { TransportFailure, TransportFailureCode } from './transport.ts';
