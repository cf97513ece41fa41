import { describe } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { describeBuildAgrees } from './build-agrees.js';

const database = useTestDatabase();

describe('projection builds from the log on Postgres', () => {
  describeBuildAgrees(async () => createPostgresStore({ url: database.url }), { numRuns: 8, crash: true });
});
