/**
 * The soak bench's own log of what it wrote (bench/soak.ts), and the views
 * that log implies: what the server must answer at the end. The bench writes
 * only through `emitDeltas` with ids it chose, so a write whose answer was
 * lost can be retried without doubling it, and every delta in the database is
 * one the log knows.
 */

import { compareTimeId } from '../src/views/order.js';

/** One delta as the bench sends it in `emitDeltas` (the `DeltaInput` shape). */
export interface SoakDelta {
  readonly id: string;
  readonly timeCreated: number;
  readonly pointers: readonly {
    localContext: string;
    entity?: string;
    value?: unknown;
    targetContext?: string;
  }[];
}

export interface ExpectedPerson {
  readonly name: string | null;
  readonly visits: number;
  readonly tags: readonly string[];
}

interface Entry {
  readonly person: string;
  readonly kind: 'name' | 'visit' | 'tag' | 'negation';
  readonly value: string | number;
  readonly timeCreated: number;
  readonly negates?: string;
}

export function createSoakLog() {
  const acknowledged = new Map<string, Entry>();
  const pending = new Map<string, Entry>();
  const order: string[] = [];
  // Acknowledged visits not yet chosen for a negation, per person.
  const visits = new Map<string, string[]>();
  let sequence = 0;
  const nextId = (writer: number) => `soak-${writer}-${String(sequence++).padStart(9, '0')}`;

  const delta = (writer: number, entry: Omit<Entry, 'timeCreated'>): SoakDelta => {
    const id = nextId(writer);
    const timeCreated = Date.now();
    pending.set(id, { ...entry, timeCreated });
    const member = { localContext: 'person', entity: entry.person };
    if (entry.kind === 'negation') {
      return {
        id,
        timeCreated,
        pointers: [
          { localContext: '_negates', entity: entry.negates as string, targetContext: 'negated_by' },
        ],
      };
    }
    const property = entry.kind === 'visit' ? 'visits' : entry.kind === 'tag' ? 'tags' : 'name';
    return {
      id,
      timeCreated,
      pointers: [
        { ...member, targetContext: property },
        { localContext: property, value: entry.value },
      ],
    };
  };

  return {
    /** A batch of 1–3 deltas about one person (committed atomically by `emitDeltas`). */
    batch(writer: number, person: string, random: () => number): SoakDelta[] {
      const out = [delta(writer, { person, kind: 'name', value: `n${sequence}` })];
      if (random() < 0.5) out.push(delta(writer, { person, kind: 'visit', value: 1 }));
      if (random() < 0.2) out.push(delta(writer, { person, kind: 'tag', value: `t${sequence % 7}` }));
      // Now and then retract an earlier acknowledged visit of this person.
      if (random() < 0.1) {
        const visit = visits.get(person)?.shift();
        if (visit) out.push(delta(writer, { person, kind: 'negation', value: 0, negates: visit }));
      }
      return out;
    },
    acknowledge(batch: readonly SoakDelta[]) {
      for (const { id } of batch) {
        const entry = pending.get(id);
        if (!entry) continue;
        acknowledged.set(id, entry);
        order.push(id);
        pending.delete(id);
        if (entry.kind === 'visit') visits.set(entry.person, [...(visits.get(entry.person) ?? []), id]);
      }
    },
    /** Ids the server has confirmed. */
    acknowledgedIds: (): string[] => [...order],
    isAcknowledged: (id: string) => acknowledged.has(id),
    count: () => order.length,
    /** An acknowledged id picked by `pick` in [0, 1). */
    someAcknowledged: (pick: number): string | undefined => order[Math.floor(pick * order.length)],
    /** Ids sent but never confirmed (given up at the end). */
    unconfirmedIds: (): string[] => [...pending.keys()],
    /** What each person's view must be, from the acknowledged deltas alone. */
    expected(): Map<string, ExpectedPerson> {
      const retracted = new Set(
        [...acknowledged.values()].filter((e) => e.kind === 'negation').map((e) => e.negates as string),
      );
      const people = new Map<string, { name?: [number, string, string]; visits: number; tags: string[] }>();
      // lastWriteWins order (docs/design.md §2): the last name in this order wins.
      const sorted = [...acknowledged].sort(([a, x], [b, y]) =>
        compareTimeId(x.timeCreated, a, y.timeCreated, b),
      );
      for (const [id, entry] of sorted) {
        const person = people.get(entry.person) ?? { visits: 0, tags: [] };
        people.set(entry.person, person);
        if (retracted.has(id)) continue;
        if (entry.kind === 'name') person.name = [entry.timeCreated, id, String(entry.value)];
        if (entry.kind === 'visit') person.visits++;
        if (entry.kind === 'tag' && !person.tags.includes(String(entry.value)))
          person.tags.push(String(entry.value));
      }
      return new Map(
        [...people].map(([id, p]) => [id, { name: p.name?.[2] ?? null, visits: p.visits, tags: p.tags }]),
      );
    },
  };
}

export type SoakLog = ReturnType<typeof createSoakLog>;
