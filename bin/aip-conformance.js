#!/usr/bin/env node
import module from 'node:module';

// Node ≥ 22.1 keeps the compiled code between runs (as tsc itself does); older lines have no such call.
module.enableCompileCache?.();
const { main } = await import('../dist/conformance/cli.js');
process.exitCode = await main(process.argv.slice(2), process.env);
