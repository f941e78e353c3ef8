import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.ts';

export interface RequestContext {
  app: App;
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Owner id of the authenticated key; "" on endpoints without authentication. */
  owner: string;
  /** Parsed JSON body on endpoints that take one. */
  body: unknown;
}
