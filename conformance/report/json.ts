import type { Report } from './schema.ts';

/** The report exactly as the schema describes it. */
export function render(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
