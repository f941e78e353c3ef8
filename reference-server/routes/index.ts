import type { Route } from '../http/router.ts';
import { agentRoutes } from './agents.ts';
import { blockRoutes } from './blocks.ts';
import { hubInvokeRoutes } from './hub-invoke.ts';
import { manifestRoutes } from './manifest.ts';
import { portableInvokeRoutes } from './portable-invoke.ts';
import { sessionRoutes } from './sessions.ts';

/** Every endpoint of the core and hub profiles. */
export const ROUTES: readonly Route[] = [
  ...manifestRoutes,
  ...portableInvokeRoutes,
  ...hubInvokeRoutes,
  ...sessionRoutes,
  ...blockRoutes,
  ...agentRoutes,
];
