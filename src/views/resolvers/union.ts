import type { Target } from '../../delta/delta.js';
import type { ResolvedValue } from '../../model/model.js';
import type { Accepts } from '../accepts.js';
import { compareTimeId } from '../order.js';
import { output, type Resolver } from './resolver.js';
import { createValueSlots } from './value-slots.js';

interface Member {
  /** From the earliest delta: -0 and 0 share a slot, and which one shows must not depend on arrival. */
  value: Target;
  /** The earliest delta giving this value: its place in the list. */
  firstTime: number;
  firstId: string;
}

const byFirst = (a: Member, b: Member): number =>
  compareTimeId(a.firstTime, a.firstId, b.firstTime, b.firstId);

/**
 * `union`: distinct values ordered by first appearance (timeCreated, then id).
 * Adding is O(1); the ordered list is rebuilt only when read after a change.
 */
export const createUnion = (accepts: Accepts): Resolver => {
  const members = createValueSlots<Member>();
  let list: readonly ResolvedValue[] | undefined = [];
  return {
    add(value, t, id) {
      if (!accepts(value)) return;
      const member = members.get(value);
      if (!member) {
        members.set(value, { value, firstTime: t, firstId: id });
        list = undefined;
      } else if (compareTimeId(t, id, member.firstTime, member.firstId) < 0) {
        member.value = value;
        member.firstTime = t;
        member.firstId = id;
        list = undefined;
      }
    },
    result() {
      list ??= members
        .values()
        .sort(byFirst)
        .map((member) => output(member.value));
      return list;
    },
  };
};
