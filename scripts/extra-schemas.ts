/**
 * JSON Schemas published beside the wire objects that are not part of the protocol itself
 * (the conformance report). File name to complete schema document.
 */
import { reportJsonSchema } from '../conformance/report/schema.ts';

export const EXTRA_SCHEMAS: Record<string, Record<string, unknown>> = {
  'conformance-report.json': reportJsonSchema(),
};
