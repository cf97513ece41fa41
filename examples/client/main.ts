import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  CreatePersonDocument,
  PersonChangedDocument,
  PersonDocument,
  TrustedPersonDocument,
  UpdatePersonDocument,
} from './operations.js';
import { request } from './request.js';
import { subscribe } from './subscribe.js';

/**
 * The example client: a mutation, a subscription and queries (one with a
 * trust filter), all typed from codegen. Run it against a server started with `npm start`:
 *
 *   npx tsx examples/client/main.ts
 *
 * RHIZOME_URL points it elsewhere (default http://localhost:4000/graphql).
 */
const url = process.env.RHIZOME_URL ?? 'http://localhost:4000/graphql';
const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });

try {
  // Mutation: one delta per given field, committed atomically.
  const { createPerson: ada } = await request(url, CreatePersonDocument, {
    input: { name: 'Ada Lovelace', age: 36, tags: ['mathematician', 'writer'] },
  });
  console.log(`created ${ada.id}: ${ada.label}`);

  // Subscription: the resolved Person after every delta that changes it.
  const changes = subscribe(client, PersonChangedDocument, { id: ada.id });
  const firstChange = changes.next();
  // The server may not have registered the subscription yet when the update
  // lands (it travels on another connection), so the update is repeated until
  // an event arrives; nickname is firstWriteWins, so repeats change nothing.
  let event: IteratorResult<Awaited<ReturnType<typeof changes.next>>['value']> | undefined;
  for (let attempt = 0; event === undefined && attempt < 20; attempt += 1) {
    await request(url, UpdatePersonDocument, { id: ada.id, input: { nickname: 'Ada', visits: 1 } });
    event = await Promise.race([firstChange, new Promise<undefined>((done) => setTimeout(done, 250))]);
  }
  if (event === undefined || event.done) throw new Error('no personChanged event arrived');
  console.log(
    `personChanged: ${event.value.personChanged.name} is now "${event.value.personChanged.nickname}"`,
  );
  await changes.return?.();

  // Query: the lossy view, and the deltas behind one property.
  const { person } = await request(url, PersonDocument, { id: ada.id });
  if (person === null || person === undefined) throw new Error(`person ${ada.id} not found`);
  console.log(
    `person: ${person.name} "${person.nickname}", age ${person.age}, tags ${person.tags.join(', ')}`,
  );
  console.log(`name was set by ${person._deltas.length} delta(s), first by ${person._deltas[0]?.creator}`);

  // A trust filter: only the deltas of the listed creators count.
  const trusted = async (creator: string) =>
    (await request(url, TrustedPersonDocument, { id: ada.id, creators: [creator] })).person?.name ?? 'nobody';
  console.log(
    `trusting anonymous: ${await trusted('anonymous')}; trusting mallory: ${await trusted('mallory')}`,
  );
} finally {
  await client.dispose();
}
