#!/usr/bin/env node
// Runs the bundled CLI when it is up to date with src/ (bin/cli-bundle.js), else
// the sources through tsx's loader (Node 20 cannot run TypeScript itself).
// Declarations in schema/*.ts load through tsx either way (load-schema-dir.ts).
import module from 'node:module';
import { pathToFileURL } from 'node:url';
import { CLI_BUNDLE, cliBundleIsFresh } from './cli-bundle.js';

// Node 22.1+ keeps compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.();
if (cliBundleIsFresh()) {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(CLI_BUNDLE).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
