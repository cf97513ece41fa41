import { fileURLToPath } from 'node:url';

/** The committed drizzle-kit migrations (`migrations/` at the package root). */
export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));
