/**
 * The baseline of `bench/scale.ts`, in a process of its own: graphql-yoga +
 * postgres.js answering the same `people` list queries as Rhizome, with the
 * same response shape, from the plain indexed table `baseline.people`
 * (bench/scale-data.ts) with keyset paging. It supports what the bench asks:
 * `where` on `age`/`name` with eq/lt/lte/gt/gte (and-ed), `orderBy` name, age
 * or id ascending, ties by id. Listens on the given port and prints its URL.
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import postgres from 'postgres';

const [databaseUrl, port] = process.argv.slice(2);
if (!databaseUrl || port === undefined) throw new Error('usage: scale-baseline.ts DATABASE_URL PORT');

const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });
type Row = { id: string; name: string | null; age: number | null; tags: string[] };
type Filter = Partial<Record<'eq' | 'lt' | 'lte' | 'gt' | 'gte', string | number>>;
interface PeopleArgs {
  first: number;
  after?: string | null;
  where?: { age?: Filter; name?: Filter } | null;
  orderBy?: { field: 'name' | 'age' | 'id'; direction: 'ASC' | 'DESC' } | null;
}

const OPERATORS = { eq: '=', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

function conditions(where: PeopleArgs['where']) {
  const parts: postgres.PendingQuery<postgres.Row[]>[] = [];
  for (const column of ['age', 'name'] as const) {
    for (const [op, value] of Object.entries(where?.[column] ?? {})) {
      if (value == null) continue;
      const operator = OPERATORS[op as keyof typeof OPERATORS];
      if (!operator) throw new Error(`the baseline does not support ${column}.${op}`);
      parts.push(sql`${sql(column)} ${sql.unsafe(operator)} ${value}`);
    }
  }
  return parts;
}

const encodeCursor = (key: unknown, id: string) =>
  Buffer.from(JSON.stringify([key, id])).toString('base64url');

async function people(args: PeopleArgs) {
  if (args.orderBy?.direction === 'DESC') throw new Error('the baseline orders ascending only');
  const field = args.orderBy?.field ?? 'id';
  const where = conditions(args.where);
  if (args.after) {
    const [key, id] = JSON.parse(Buffer.from(args.after, 'base64url').toString()) as [unknown, string];
    // Row comparison over the (field, id) index: O(log N + page), whatever the page number.
    where.push(
      field === 'id' ? sql`id > ${id}` : sql`(${sql(field)}, id) > (${key as string | number}, ${id})`,
    );
  }
  const filter = where.length === 0 ? sql`TRUE` : where.reduce((a, b) => sql`${a} AND ${b}`);
  const order = field === 'id' ? sql`id` : sql`${sql(field)}, id`;
  const rows = await sql<Row[]>`
    SELECT id, name, age, tags FROM baseline.people WHERE ${filter} ORDER BY ${order} LIMIT ${args.first + 1}`;
  const page = rows.slice(0, args.first);
  const edges = page.map((row) => ({ cursor: encodeCursor(row[field], row.id), node: row }));
  return {
    edges,
    nodes: page,
    pageInfo: { hasNextPage: rows.length > args.first, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: async () => (await sql`SELECT count(*)::int AS n FROM baseline.people WHERE ${filter}`)[0]?.n,
  };
}

const yoga = createYoga({
  logging: false,
  schema: createSchema({
    typeDefs: /* GraphQL */ `
      type Person { id: ID!, name: String, age: Int, tags: [String!]! }
      type PersonEdge { cursor: String!, node: Person! }
      type PageInfo { hasNextPage: Boolean!, endCursor: String }
      type PersonConnection { edges: [PersonEdge!]!, nodes: [Person!]!, pageInfo: PageInfo!, totalCount: Int! }
      input IntFilter { eq: Int, lt: Int, lte: Int, gt: Int, gte: Int }
      input StringFilter { eq: String, lt: String, lte: String, gt: String, gte: String }
      input PersonWhere { age: IntFilter, name: StringFilter }
      enum PersonOrderField { id name age }
      enum OrderDirection { ASC DESC }
      input PersonOrderBy { field: PersonOrderField!, direction: OrderDirection = ASC }
      type Query {
        people(first: Int = 50, after: String, where: PersonWhere, orderBy: PersonOrderBy): PersonConnection!
      }
    `,
    resolvers: { Query: { people: (_: unknown, args: PeopleArgs) => people(args) } },
  }),
});

const server = createServer(yoga);
await new Promise<void>((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
console.log(`http://127.0.0.1:${port}/graphql`);
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void sql.end().then(() => process.exit(0));
});
