/**
 * The people of `bench/scale.ts`, generated deterministically, written twice:
 * as the deltas `createPerson(id, input: { name, age, tags: [tag] })` writes
 * (one delta per field, each `{ person → id (targetContext field), field →
 * value }`, src/graphql/entity-deltas.ts), for `rhizome import`; and as rows
 * of the baseline's plain table.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type postgres from 'postgres';
import { v7 } from 'uuid';

export interface BenchPerson {
  readonly id: string;
  readonly name: string;
  readonly age: number;
  readonly tag: string;
}

// Non-ASCII names on purpose: both sides must order them by code point.
const FIRST = ['Ada', 'Alan', 'Barbara', 'Claude', 'Donald', 'Edsger', 'Frances', 'Grace', 'Łukasz', 'Zoë'];
const LAST = ['Hopper', 'Knuth', 'Liskov', 'Lovelace', 'Shannon', 'Turing', 'Ångström', 'Dijkstra'];
const TAGS = ['admin', 'dev', 'ops', 'design', 'sales'];

/** A cheap integer hash, so that neighbouring people do not have neighbouring names or ages. */
const mix = (n: number, salt: number): number => Math.imul(n ^ salt, 2_654_435_761) >>> 0;

export function benchPerson(i: number): BenchPerson {
  const h = mix(i, 0x9e3779b9);
  return {
    id: `person-${i}`,
    name: `${FIRST[h % FIRST.length]} ${LAST[(h >>> 8) % LAST.length]} ${(h >>> 16) % 1000}`,
    age: 18 + (mix(i, 0x85ebca6b) % 70),
    tag: TAGS[mix(i, 0xc2b2ae35) % TAGS.length] as string,
  };
}

const TIME_ORIGIN = 1_700_000_000_000;

function personDeltas(i: number): string {
  const person = benchPerson(i);
  const fields: Array<[string, string | number]> = [
    ['name', person.name],
    ['age', person.age],
    ['tags', person.tag],
  ];
  return fields
    .map(([field, value], k) =>
      JSON.stringify({
        id: v7(),
        creator: 'bench',
        host: 'bench-node',
        timeCreated: TIME_ORIGIN + i * 3 + k,
        pointers: [
          { localContext: 'person', target: { id: person.id }, targetContext: field },
          { localContext: field, target: value },
        ],
      }),
    )
    .join('\n');
}

/** Writes `people × 3` deltas as NDJSON, in person order. */
export async function writePeopleDeltas(file: string, people: number): Promise<void> {
  const out = createWriteStream(file);
  const chunk = 5_000;
  for (let start = 0; start < people; start += chunk) {
    let text = '';
    for (let i = start; i < Math.min(people, start + chunk); i++) text += `${personDeltas(i)}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/**
 * The baseline: a plain table with one row per person, loaded with COPY, then
 * indexed for the two lists (by name, and by age for the filter). `COLLATE "C"`
 * orders by UTF-8 bytes, which is code-point order, as Rhizome orders strings.
 */
export async function fillBaseline(sql: postgres.Sql, people: number): Promise<void> {
  await sql`CREATE SCHEMA baseline`;
  await sql`CREATE TABLE baseline.people (
    id text COLLATE "C" PRIMARY KEY, name text COLLATE "C", age int, tags text[] NOT NULL)`;
  const rows = async function* () {
    const chunk = 5_000;
    for (let start = 0; start < people; start += chunk) {
      let text = '';
      for (let i = start; i < Math.min(people, start + chunk); i++) {
        const person = benchPerson(i);
        text += `${person.id}\t${person.name}\t${person.age}\t{${person.tag}}\n`;
      }
      yield text;
    }
  };
  const copy = await sql`COPY baseline.people (id, name, age, tags) FROM STDIN`.writable();
  await pipeline(Readable.from(rows()), copy);
  await sql`CREATE INDEX people_name_idx ON baseline.people (name, id)`;
  await sql`CREATE INDEX people_age_idx ON baseline.people (age)`;
  await sql`ANALYZE baseline.people`;
}
