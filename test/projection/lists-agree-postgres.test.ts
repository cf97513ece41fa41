import { describe } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres-store.js';
import { useTestDatabase } from '../support/database.js';
import { describeListsAgree } from './lists-agree.js';

const database = useTestDatabase();

describe('projection lists on Postgres', () => {
  describeListsAgree(async () => createPostgresStore({ url: database.url }));
});
