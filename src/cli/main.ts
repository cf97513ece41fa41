import { createProgram } from './program.js';

// Entry point for `bin/rhizome.js` and the npm scripts (`tsx src/cli/main.ts serve`).
await createProgram().parseAsync(process.argv);
