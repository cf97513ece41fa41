import { sql } from 'drizzle-orm';
import type { SqlRunner } from './sql-runner.js';

/**
 * Ids of every entity some delta references with this `localContext` (the
 * candidate members of a type whose collection it is), sorted. Containment on
 * `localContext` narrows through the GIN index; the pointer itself must also
 * be an entity reference.
 */
export const readReferencedAs = async (runner: SqlRunner, localContext: string): Promise<string[]> => {
  const rows = await runner.rows<{ id: string }>(sql`
    SELECT DISTINCT pointer -> 'target' ->> 'id' AS id
    FROM deltas CROSS JOIN LATERAL jsonb_array_elements(pointers) AS pointer
    WHERE pointers @> ${JSON.stringify([{ localContext }])}::text::jsonb
      AND pointer ->> 'localContext' = ${localContext}
      AND jsonb_typeof(pointer -> 'target') = 'object'
    ORDER BY id`);
  return rows.map((row) => row.id);
};
