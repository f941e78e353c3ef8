/**
 * Flag parsing both CLI modes share (server runs and client mode). Kept free of the checks and the
 * renderers so `--help` and `--version` start at once.
 */
import { UsageError } from './types.ts';

/** Report files a run writes, by format. */
export interface ReportFiles {
  json?: string;
  junit?: string;
  html?: string;
  markdown?: string;
}

/** The parseArgs options for the report files. */
export const REPORT_FILE_OPTIONS = {
  json: { type: 'string' },
  junit: { type: 'string' },
  html: { type: 'string' },
  markdown: { type: 'string' },
} as const;

export function reportFiles(v: ReportFiles): ReportFiles {
  return {
    ...(v.json ? { json: v.json } : {}),
    ...(v.junit ? { junit: v.junit } : {}),
    ...(v.html ? { html: v.html } : {}),
    ...(v.markdown ? { markdown: v.markdown } : {}),
  };
}

export function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} needs a whole number (got "${value}")`);
  return Number(value);
}
