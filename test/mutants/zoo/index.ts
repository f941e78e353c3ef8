/** The mutant zoo: every deliberately broken variant of the reference server, by spec section. */
import type { Mutant } from '../types.ts';
import { AUTH_MUTANTS } from './auth.ts';
import { CONF_MUTANTS } from './conformance-agent.ts';
import { CTX_MUTANTS } from './context.ts';
import { ERR_MUTANTS } from './errors.ts';
import { EVT_MUTANTS } from './events.ts';
import { HTTP_MUTANTS } from './http.ts';
import { INV_MUTANTS } from './invoke.ts';
import { MAN_MUTANTS } from './manifest.ts';
import { AGT_MUTANTS, EXT_MUTANTS, SEC_MUTANTS } from './misc.ts';
import { PORT_MUTANTS } from './portable.ts';
import { BLK_MUTANTS, SES_MUTANTS } from './sessions.ts';
import { STR_MUTANTS } from './stream.ts';

export const FAMILIES: Record<string, Mutant[]> = {
  http: HTTP_MUTANTS,
  auth: AUTH_MUTANTS,
  errors: ERR_MUTANTS,
  manifest: MAN_MUTANTS,
  portable: PORT_MUTANTS,
  invoke: INV_MUTANTS,
  context: CTX_MUTANTS,
  stream: STR_MUTANTS,
  events: EVT_MUTANTS,
  sessions: SES_MUTANTS,
  blocks: BLK_MUTANTS,
  agents: AGT_MUTANTS,
  extensibility: EXT_MUTANTS,
  security: SEC_MUTANTS,
  'conformance-agent': CONF_MUTANTS,
};

export const ZOO: Mutant[] = Object.values(FAMILIES).flat();
