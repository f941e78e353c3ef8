/** Writes a report in every format a run was asked for, creating folders as needed. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReportFiles } from '../cli-args.ts';
import { render as renderHtml } from './html.ts';
import { render as renderJson } from './json.ts';
import { render as renderJunit } from './junit.ts';
import { render as renderMarkdown } from './markdown.ts';
import type { Report } from './schema.ts';

const RENDERERS: Record<keyof ReportFiles, (report: Report) => string> = {
  json: renderJson,
  junit: renderJunit,
  html: renderHtml,
  markdown: renderMarkdown,
};

export function writeReports(files: ReportFiles, report: Report): void {
  for (const [format, file] of Object.entries(files) as Array<[keyof ReportFiles, string | undefined]>) {
    if (file === undefined) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, RENDERERS[format](report));
  }
}
