/**
 * Copies the data files the compiled code reads at run time (client-mode scenarios, transcripts, the scenario
 * hub's manifest and the Python example driver) into dist/, beside the JavaScript that reads them relative to
 * its own URL. tsc copies only JSON that is imported, and these are read from disk.
 */
import { cpSync, rmSync } from 'node:fs';

const ASSETS = [
  'conformance/client/scenarios',
  'conformance/client/transcripts',
  'conformance/client/hub-manifest.json',
  'conformance/client/drivers/python',
];

// A file removed or renamed in the source must not live on in dist/, so each copy starts afresh.
for (const path of ASSETS) {
  rmSync(`dist/${path}`, { recursive: true, force: true });
  cpSync(path, `dist/${path}`, { recursive: true });
}
