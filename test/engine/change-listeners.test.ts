import { describe, expect, it } from 'vitest';
import { createChangeListeners } from '../../src/engine/change-listeners.js';

describe('change listeners', () => {
  it('a throwing listener is logged and the others still hear, every time', () => {
    const logged: unknown[] = [];
    const listeners = createChangeListeners({ error: (details) => logged.push(details.err) });
    const heard: string[][] = [];
    listeners.add(() => {
      throw new Error('listener bug');
    });
    listeners.add((ids) => heard.push([...ids]));
    expect(() => listeners.notify(new Set(['a']))).not.toThrow();
    listeners.notify(new Set(['b']));
    expect(heard).toEqual([['a'], ['b']]);
    expect(logged).toHaveLength(2);
  });

  it('a listener removed while others are notified is not called again; nothing is sent for no change', () => {
    const listeners = createChangeListeners({ error: () => {} });
    let calls = 0;
    const off = listeners.add(() => {
      calls++;
      off();
    });
    listeners.notify(new Set(['a']));
    listeners.notify(new Set(['b']));
    listeners.notify(new Set());
    expect(calls).toBe(1);
  });
});
