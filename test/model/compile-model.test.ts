import { describe, expect, it } from 'vitest';
import { isRhizomeError } from '../../src/errors.js';
import { compileModel } from '../../src/model/compile-model.js';
import { defineEntity } from '../../src/model/declaration.js';

const compile = (...declarations: unknown[]) => compileModel([{ file: 'schema/test.ts', declarations }]);

/** Asserts one SCHEMA_INVALID error whose message matches every pattern. */
const invalid = (declarations: unknown[], ...patterns: RegExp[]) => {
  let caught: unknown;
  try {
    compile(...declarations);
  } catch (error) {
    caught = error;
  }
  expect(isRhizomeError(caught) && caught.code).toBe('SCHEMA_INVALID');
  expect((caught as Error).message).toMatch(/^schema\/test\.ts: /);
  for (const pattern of patterns) expect((caught as Error).message).toMatch(pattern);
};

const person = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: 'Person',
  properties,
  ...extra,
});

describe('compileModel', () => {
  it('fills in defaults: plural, collection, lastWriteWins for singles, union for lists', () => {
    const model = compile(
      defineEntity({
        name: 'HTTPServer',
        properties: { host: { type: 'String' }, peers: { type: '[HTTPServer]' } },
      }),
    );
    const server = model.entity('HTTPServer');
    expect(server).toMatchObject({ plural: 'HTTPServers', collection: 'httpServer', file: 'schema/test.ts' });
    expect(server?.properties.map((p) => [p.name, p.resolver, p.separator, p.dependsOn])).toEqual([
      ['host', 'lastWriteWins', '', []],
      ['peers', 'union', '', []],
    ]);
    expect(server?.properties[1]?.type).toEqual({ kind: 'reference', entity: 'HTTPServer', list: true });
  });

  it('resolves references declared in any order and file, and sorts entities by name', () => {
    const model = compileModel([
      { file: 'a.ts', declarations: { name: 'Zoo', properties: { keeper: { type: 'Keeper' } } } },
      {
        file: 'b.json',
        declarations: [{ name: 'Keeper', collection: 'staff', properties: { zoo: { type: 'Zoo' } } }],
      },
    ]);
    expect(model.entities.map((entity) => entity.name)).toEqual(['Keeper', 'Zoo']);
    expect(model.entity('Keeper')).toMatchObject({ collection: 'staff', file: 'b.json' });
    expect(model.entity('Nope')).toBeUndefined();
  });

  it('orders custom resolvers after their dependencies', () => {
    const model = compile(
      person({
        b: { type: 'String', dependsOn: ['c'], resolver: () => null },
        a: { type: 'String', dependsOn: ['b', 'c'], resolver: () => null },
        c: { type: 'String' },
      }),
    );
    expect(model.entity('Person')?.resolveOrder).toEqual(['c', 'b', 'a']);
  });

  it('freezes the model', () => {
    const model = compile(person({ name: { type: 'String' } }));
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.entities)).toBe(true);
    expect(Object.isFrozen(model.entity('Person')?.properties[0])).toBe(true);
  });

  it('accepts every resolver on a type it fits', () => {
    const model = compile(
      person({
        a: { type: 'ID', resolver: 'firstWriteWins' },
        b: { type: 'DateTime', resolver: 'max' },
        c: { type: 'Int', resolver: 'sum' },
        d: { type: 'Float', resolver: 'average' },
        e: { type: 'Float', resolver: 'count' },
        f: { type: 'String', resolver: 'concatenate', separator: ', ' },
        g: { type: 'Person', resolver: 'majority' },
        h: { type: '[Boolean]', resolver: 'union' },
        i: { type: 'JSON', resolver: 'lastWriteWins' },
        j: { type: '[String]', resolver: () => [] },
      }),
    );
    expect(
      model
        .entity('Person')
        ?.properties.map((p) => p.resolver)
        .join(' '),
    ).toBe('firstWriteWins max sum average count concatenate majority union lastWriteWins custom');
  });
});

describe('compileModel rejects, naming the file and the property', () => {
  it('a reserved entity or property name', () => {
    invalid([{ name: '_Hidden', properties: { a: { type: 'String' } } }], /_Hidden: names starting with "_"/);
    invalid(
      [person({ _secret: { type: 'String' } })],
      /Person\._secret: names starting with "_" are reserved/,
    );
  });

  it('a duplicate entity name', () => {
    invalid(
      [person({ a: { type: 'String' } }), person({ b: { type: 'String' } })],
      /"Person" is already declared/,
    );
  });

  it('an unknown type, a nested list or a non-null marker', () => {
    invalid([person({ age: { type: 'Integer' } })], /Person\.age: unknown type "Integer"/);
    invalid([person({ boss: { type: 'Company' } })], /Person\.boss: unknown type "Company".*Person/);
    invalid([person({ grid: { type: '[[Int]]' } })], /Person\.grid: .*lists of lists/);
    invalid([person({ name: { type: 'String!' } })], /Person\.name: .*drop the "!"/);
    invalid([person({ name: {} })], /Person\.name: type must be a string/);
  });

  it('an unknown resolver', () => {
    invalid(
      [person({ name: { type: 'String', resolver: 'newest' } })],
      /Person\.name: unknown resolver "newest"/,
    );
  });

  it('a resolver that does not fit the type', () => {
    invalid(
      [person({ name: { type: 'String', resolver: 'sum' } })],
      /Person\.name: resolver "sum" does not fit type String/,
    );
    invalid([person({ age: { type: 'Int', resolver: 'average' } })], /Person\.age: .*needs Float/);
    invalid([person({ n: { type: 'Int', resolver: 'concatenate' } })], /Person\.n: .*needs String/);
    invalid(
      [person({ ok: { type: 'Boolean', resolver: 'max' } })],
      /Person\.ok: resolver "max" does not fit/,
    );
    invalid(
      [person({ tags: { type: '[String]', resolver: 'lastWriteWins' } })],
      /Person\.tags: .*lists use "union"/,
    );
    invalid([person({ name: { type: 'String', resolver: 'union' } })], /Person\.name: .*needs a list type/);
    invalid(
      [person({ boss: { type: 'Person', resolver: 'count' } })],
      /Person\.boss: resolver "count" does not fit/,
    );
  });

  it('dependsOn naming a missing property, itself, or without a custom resolver', () => {
    const custom = () => null;
    invalid(
      [person({ label: { type: 'String', dependsOn: ['nope'], resolver: custom } })],
      /Person\.label: dependsOn names "nope"/,
    );
    invalid(
      [person({ label: { type: 'String', dependsOn: ['label'], resolver: custom } })],
      /Person\.label: .*itself/,
    );
    invalid(
      [person({ a: { type: 'String' }, b: { type: 'String', dependsOn: ['a'] } })],
      /Person\.b: "dependsOn" only applies/,
    );
    invalid(
      [person({ a: { type: 'String', dependsOn: 'b', resolver: custom } })],
      /Person\.a: "dependsOn" must be an array/,
    );
  });

  it('a dependency cycle', () => {
    const custom = () => null;
    invalid(
      [
        person({
          a: { type: 'String', dependsOn: ['b'], resolver: custom },
          b: { type: 'String', dependsOn: ['c'], resolver: custom },
          c: { type: 'String', dependsOn: ['a'], resolver: custom },
        }),
      ],
      /Person\.a: dependency cycle: a → b → c → a/,
    );
  });

  it('names that are not valid GraphQL names', () => {
    invalid(
      [{ name: 'person', properties: { a: { type: 'String' } } }],
      /person: an entity name must be PascalCase/,
    );
    invalid([person({ 'first-name': { type: 'String' } })], /Person\.first-name: a property name must match/);
    invalid(
      [person({ a: { type: 'String' } }, { plural: 'Peo-ple' })],
      /Person: "plural" must be a GraphQL name/,
    );
  });

  it('"id" as a property name', () => {
    invalid([person({ id: { type: 'ID' } })], /Person\.id: "id" is the built-in id field/);
  });

  it('a separator without concatenate', () => {
    invalid([person({ name: { type: 'String', separator: ',' } })], /Person\.name: "separator" only applies/);
  });

  it('unknown keys, so typos do not pass silently', () => {
    invalid([person({ name: { type: 'String', resolvr: 'max' } })], /Person\.name: unknown key "resolvr"/);
    invalid([person({ name: { type: 'String' } }, { plurals: 'People' })], /Person: unknown key "plurals"/);
  });

  it('an entity without properties, or a declaration that is not an object', () => {
    invalid([person({})], /Person: "properties" must be an object with at least one property/);
    invalid(['Person'], /must be an entity declaration/);
    invalid([{ properties: {} }], /needs a "name" string/);
    invalid([person({ name: 'String' })], /Person\.name: a property must be an object/);
  });

  it('built-in type names and colliding query fields', () => {
    invalid(
      [{ name: 'Delta', properties: { a: { type: 'String' } } }],
      /Delta: "Delta" is a built-in GraphQL type name/,
    );
    invalid(
      [person({ a: { type: 'String' } }, { plural: 'Person' })],
      /Person: name and plural give the same query field/,
    );
    invalid(
      [
        person({ a: { type: 'String' } }, { plural: 'Sheep' }),
        { name: 'Sheep', plural: 'Flock', properties: { a: { type: 'String' } } },
      ],
      /query field "sheep" collides/,
    );
  });

  it('a reserved or empty collection', () => {
    invalid([person({ a: { type: 'String' } }, { collection: '_person' })], /Person: "collection" must be/);
    invalid([person({ a: { type: 'String' } }, { collection: '' })], /Person: "collection" must be/);
  });
});

describe('compileModel sources', () => {
  it('rejects an empty default export array', () => {
    expect(() => compileModel([{ file: 'x.json', declarations: [] }])).toThrow(
      /x\.json: the default export is an empty array/,
    );
  });
});
