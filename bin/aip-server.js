#!/usr/bin/env node
import module from 'node:module';

// Node ≥ 22.1 keeps the compiled code between runs (as tsc itself does); older lines have no such call.
module.enableCompileCache?.();
await import('../dist/reference-server/main.js');
