import { defineEntity } from '../src/model/declaration.js';

/**
 * A person. `employer` and Company's `employees` are two sides of one
 * relationship: a single delta can set both (see docs/design.md §1).
 */
export default defineEntity({
  name: 'Person',
  plural: 'People',
  properties: {
    name: { type: 'String' },
    nickname: { type: 'String', resolver: 'firstWriteWins' },
    age: { type: 'Int', resolver: 'max' },
    visits: { type: 'Int', resolver: 'count' },
    tags: { type: '[String]' },
    employer: { type: 'Company' },
    friends: { type: '[Person]' },
    bio: { type: 'String', resolver: 'concatenate', separator: '\n' },
    label: {
      type: 'String',
      dependsOn: ['name', 'age'],
      resolver: ({ resolved }) =>
        resolved.name == null
          ? null
          : resolved.age == null
            ? resolved.name
            : `${resolved.name} (${resolved.age})`,
    },
  },
});
