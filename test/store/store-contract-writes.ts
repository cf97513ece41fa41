import { expect, test } from 'vitest';
import type { DeltaStore } from '../../src/store/delta-store.js';
import { type ContractSubject, nextWake, scope, setName, settled, settledHead } from './contract-fixtures.js';

/** Appending: atomicity, idempotency, conflicts, append-only enforcement, NOTIFY. */
export const describeWriteContract = (subject: () => ContractSubject) => {
  const store = (): DeltaStore => subject().store;

  test('migrate() is idempotent', async () => {
    await expect(store().migrate()).resolves.toBeUndefined();
  });

  test('append stores a batch in order and get returns each delta as given', async () => {
    const { id, creator } = scope();
    const batch = [
      setName(id('1'), id('ada'), 'Ada', creator),
      setName(id('2'), id('ada'), 'Ada L.', creator),
    ];
    const outcomes = await store().append(batch);
    expect(outcomes.map((o) => [o.id, o.inserted])).toEqual([
      [id('1'), true],
      [id('2'), true],
    ]);
    const [one, two] = outcomes.map((o) => o.position);
    expect(two).toBeGreaterThan(one ?? 0n);
    await expect(store().get(id('2'))).resolves.toEqual(batch[1]);
    await expect(store().get(id('missing'))).resolves.toBeUndefined();
  });

  test('a batch with one conflicting delta stores nothing', async () => {
    const { id, creator } = scope();
    await store().append([setName(id('taken'), id('e'), 'first', creator)]);
    const batch = [
      setName(id('new'), id('e'), 'x', creator),
      setName(id('taken'), id('e'), 'second', creator),
    ];
    await expect(store().append(batch)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(store().get(id('new'))).resolves.toBeUndefined();
    await expect(store().count({ creator })).resolves.toBe(1);
  });

  test('re-submitting an identical delta is a no-op that succeeds, also twice in one batch', async () => {
    const { id, creator } = scope();
    const delta = setName(id('d'), id('e'), 'same', creator);
    const [first] = await store().append([delta]);
    const again = await store().append([delta, setName(id('other'), id('e'), 'o', creator), delta]);
    expect(again.map((o) => [o.id, o.position, o.inserted])).toEqual([
      [id('d'), first?.position, false],
      [id('other'), expect.any(BigInt), true],
      [id('d'), first?.position, false],
    ]);
    const twice = await store().append([
      setName(id('twin'), id('e'), 't', creator),
      setName(id('twin'), id('e'), 't', creator),
    ]);
    expect(twice.map((o) => o.inserted)).toEqual([true, false]);
    expect(twice[1]?.position).toBe(twice[0]?.position);
    await expect(store().count({ creator })).resolves.toBe(3);
  });

  test('the same id with other content is CONFLICT, naming the delta', async () => {
    const { id, creator } = scope();
    await store().append([setName(id('d'), id('e'), 'one', creator)]);
    for (const changed of [
      setName(id('d'), id('e'), 'two', creator),
      { ...setName(id('d'), id('e'), 'one', creator), timeCreated: 2_000 },
      { ...setName(id('d'), id('e'), 'one', creator), creator: 'mallory' },
    ]) {
      await expect(store().append([changed])).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining(id('d')),
      });
    }
    const twins = [setName(id('t'), id('e'), 'a', creator), setName(id('t'), id('e'), 'b', creator)];
    await expect(store().append(twins)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(store().get(id('t'))).resolves.toBeUndefined();
  });

  test('content the database cannot hold is BAD_USER_INPUT, without the value in the message', async () => {
    const { id, creator } = scope();
    const secret = 'secret\u0000value';
    const error = await store()
      .append([setName(id('nul'), id('e'), secret, creator)])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((error as Error).message).not.toContain('secret');
    await expect(store().get(id('nul'))).resolves.toBeUndefined();
  });

  test('UPDATE, DELETE and TRUNCATE on deltas are refused by the database', async () => {
    const { id, creator } = scope();
    await store().append([setName(id('d'), id('e'), 'kept', creator)]);
    const quoted = `'${id('d')}'`;
    await expect(subject().raw(`UPDATE deltas SET creator = 'x' WHERE id = ${quoted}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(subject().raw(`DELETE FROM deltas WHERE id = ${quoted}`)).rejects.toThrow(/append-only/);
    await expect(subject().raw('TRUNCATE deltas')).rejects.toThrow(/append-only/);
    await expect(subject().raw('DELETE FROM deltas WHERE false')).rejects.toThrow(/append-only/);
    await expect(store().get(id('d'))).resolves.toEqual(setName(id('d'), id('e'), 'kept', creator));
  });

  test('append of thousands of deltas in one call (no parameter ceiling), read back in order', async () => {
    const { id, creator } = scope();
    const start = await settledHead(store());
    const batch = Array.from({ length: 5_000 }, (_, i) =>
      setName(id(`d${i}`), id(`e${i % 50}`), `v${i}`, creator),
    );
    const outcomes = await store().append(batch);
    expect(outcomes.every((o, i) => o.inserted && o.id === batch[i]?.id)).toBe(true);
    await expect(store().count({ creator })).resolves.toBe(5_000);
    expect(await store().byEntities([id('e7')])).toHaveLength(100);
    // Positions cross digit boundaries here: order must be numeric, never textual.
    await settled(store());
    const feed = await store().since(start, 10_000);
    expect(feed.map((entry) => entry.delta.id)).toEqual(batch.map((d) => d.id));
    expect(await store().head()).toEqual(feed.at(-1)?.cursor);
    expect((await store().byEntities([id('e7')])).map((d) => d.id)).toEqual(
      batch.filter((_, i) => i % 50 === 7).map((d) => d.id),
    );
  });

  test('listen wakes once listening, and again when another instance commits', async () => {
    const { id, creator } = scope();
    let wake: () => void = () => {};
    const listening = nextWake((resolve) => {
      wake = resolve;
    });
    const subscription = await subject().peer.listen(() => wake());
    await listening; // the catch-up wake right after LISTEN
    const committed = nextWake((resolve) => {
      wake = resolve;
    });
    await store().append([setName(id('d'), id('e'), 'v', creator)]);
    await committed;
    await subscription.unlisten();
  });

  test('ping answers true on a live database', async () => {
    await expect(store().ping()).resolves.toBe(true);
  });
};
