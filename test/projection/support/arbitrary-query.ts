import fc from 'fast-check';
import type { Where } from '../../../src/projection/where-condition.js';
import { ENTITIES } from './arbitrary-workload.js';

/** Random `ItemWhere`, `orderBy` and page sizes covering every operator the schema offers. */

const strings = fc.constantFrom<string | null>('x', 'y', 'Y', 'ä', '', 'x😀', 'x#1', null);
const numbers = fc.constantFrom<number | null>(-3, -1.5, 0, 1, 2.25, 3, null);
const millis = fc.constantFrom<number | null>(0, 999, 1000, 5000, null);

const ordered = <T>(values: fc.Arbitrary<T>) =>
  fc.record(
    {
      eq: values,
      ne: values,
      in: fc.array(values, { maxLength: 3 }),
      lt: values,
      lte: values,
      gt: values,
      gte: values,
    },
    { requiredKeys: [] },
  );

const field: fc.Arbitrary<Where> = fc.oneof(
  ordered(strings).map((f) => ({ name: f })),
  fc
    .record({ contains: fc.constantFrom<string | null>('x', '', '😀', '#', null) }, { requiredKeys: [] })
    .map((f) => ({ name: f })),
  ordered(strings).map((f) => ({ label: f })),
  ordered(numbers).map((f) => ({ rank: f })),
  ordered(numbers).map((f) => ({ score: f })),
  ordered(millis).map((f) => ({ when: f })),
  fc
    .record(
      { eq: fc.constantFrom(true, false, null), ne: fc.constantFrom(true, false, null) },
      { requiredKeys: [] },
    )
    .map((f) => ({ flag: f })),
  fc
    .record(
      {
        eq: fc.constantFrom(...ENTITIES, null),
        in: fc.array(fc.constantFrom(...ENTITIES), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    )
    .map((f) => ({ owner: f })),
  fc
    .record(
      { eq: fc.constantFrom(1, 'one', true, null), ne: fc.constantFrom(1, 'one') },
      { requiredKeys: [] },
    )
    .map((f) => ({ blob: f })),
  fc
    .record(
      {
        eq: fc.constantFrom(...ENTITIES),
        in: fc.array(fc.constantFrom(...ENTITIES), { maxLength: 3 }),
        gt: fc.constantFrom('b', 'z'),
      },
      { requiredKeys: [] },
    )
    .map((f) => ({ id: f })),
  fc
    .record({ contains: fc.constantFrom<string | null>('red', 'Red', 'ü', 'green', null) })
    .map((f) => ({ tags: f })),
);

export const arbitraryWhere: fc.Arbitrary<Where | null> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: field },
  {
    weight: 3,
    arbitrary: fc.letrec<{ where: Where }>((tie) => ({
      where: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        field,
        fc.array(tie('where'), { maxLength: 3 }).map((and) => ({ and })),
        fc.array(tie('where'), { maxLength: 3 }).map((or) => ({ or })),
        tie('where').map((not) => ({ not })),
      ),
    })).where,
  },
);

export const arbitraryOrderBy = fc.option(
  fc.record({
    field: fc.constantFrom('id', 'name', 'rank', 'score', 'when', 'flag', 'owner', 'label'),
    direction: fc.constantFrom<'ASC' | 'DESC'>('ASC', 'DESC'),
  }),
  { nil: null },
);

export const arbitraryFirst = fc.constantFrom(0, 1, 2, 3, 50);
