import { describe, expect, it } from 'vitest';
import { createEventQueue } from '../../src/engine/event-queue.js';

const queue = (limit: number) => {
  let ended = 0;
  const q = createEventQueue<number>({
    limit,
    overflow: () => new Error('too far behind'),
    onEnd: () => ended++,
  });
  return { ...q, ended: () => ended };
};

describe('event queue', () => {
  it('hands events to a waiting reader and buffers the rest in order', async () => {
    const q = queue(3);
    const first = q.events.next();
    q.push(1);
    q.push(2);
    q.push(3);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await q.events.next()).toEqual({ value: 2, done: false });
    expect(await q.events.next()).toEqual({ value: 3, done: false });
  });

  it('past the limit, never throws at the writer; drops the backlog, ends once, and the reader gets the error', async () => {
    const q = queue(2);
    for (let i = 0; i < 10; i++) expect(() => q.push(i)).not.toThrow();
    expect(q.ended()).toBe(1);
    await expect(q.events.next()).rejects.toThrow('too far behind');
    expect(await q.events.next()).toEqual({ value: undefined, done: true });
    await q.events.return?.();
    expect(q.ended()).toBe(1);
  });

  it('return ends it once and releases a waiting reader', async () => {
    const q = queue(2);
    const waiting = q.events.next();
    await q.events.return?.();
    expect(await waiting).toEqual({ value: undefined, done: true });
    q.push(1);
    expect(await q.events.next()).toEqual({ value: undefined, done: true });
    await q.events.return?.();
    expect(q.ended()).toBe(1);
  });
});

describe('event queue ended by its writer', () => {
  it('close: the reader still gets what was queued, then done; a waiting reader is told at once', async () => {
    const q = queue(5);
    q.push(1);
    q.close();
    q.push(2);
    expect(q.ended()).toBe(1);
    expect(await q.events.next()).toEqual({ value: 1, done: false });
    expect(await q.events.next()).toEqual({ value: undefined, done: true });
    const waiting = queue(5);
    const next = waiting.events.next();
    waiting.close();
    expect(await next).toEqual({ value: undefined, done: true });
  });

  it('fail: drops the backlog and rejects the reader, waiting or not, once', async () => {
    const q = queue(5);
    q.push(1);
    q.fail(new Error('source failed'));
    await expect(q.events.next()).rejects.toThrow('source failed');
    expect(await q.events.next()).toEqual({ value: undefined, done: true });
    const waiting = queue(5);
    const next = waiting.events.next();
    waiting.fail(new Error('source failed'));
    await expect(next).rejects.toThrow('source failed');
    expect(waiting.ended()).toBe(1);
  });
});
