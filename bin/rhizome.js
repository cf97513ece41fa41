#!/usr/bin/env node
// Node 20 cannot run TypeScript itself, so the launcher registers tsx's ESM
// loader first; the CLI (and any `.ts` entity declarations it imports) then
// load without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
