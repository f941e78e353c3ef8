export { render as renderConsole, renderProgress, type ConsoleOptions } from './console.ts';
export { render as renderJson } from './json.ts';
export { render as renderJunit, xmlEscape } from './junit.ts';
export { render as renderHtml, htmlEscape } from './html.ts';
export { render as renderMarkdown } from './markdown.ts';
export { writeReports } from './files.ts';
export { exitCodeOf, EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE } from './exit-code.ts';
export { summarize, isBlocking } from './summary.ts';
export * from './schema.ts';
