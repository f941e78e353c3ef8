/**
 * Copies the data files the compiled code reads at run time (client-mode scenarios, transcripts, the scenario
 * hub's manifest and the Python example driver) into dist/, beside the JavaScript that reads them relative to
 * its own URL. tsc copies only JSON that is imported, and these are read from disk.
 */
import { cpSync } from 'node:fs';

const ASSETS = [
  'conformance/client/scenarios',
  'conformance/client/transcripts',
  'conformance/client/hub-manifest.json',
  'conformance/client/drivers/python',
];

for (const path of ASSETS) cpSync(path, `dist/${path}`, { recursive: true });
