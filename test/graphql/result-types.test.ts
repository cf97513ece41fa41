import { type GraphQLObjectType, printType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/graphql/build-schema.js';
import type { SchemaDeps } from '../../src/graphql/builder.js';
import { compileModel } from '../../src/model/compile-model.js';

const model = compileModel([
  {
    file: 'tally.ts',
    declarations: {
      name: 'Tally',
      properties: {
        total: { type: 'Int', resolver: 'sum' },
        largest: { type: 'Int', resolver: 'max' },
        visits: { type: 'Int', resolver: 'count' },
      },
    },
  },
]);

describe('GraphQL result types of resolved properties', () => {
  it('declare a sum of Int as Float, so sums beyond 32 bits stay readable; other Ints stay Int', () => {
    const schema = buildSchema(model, {} as SchemaDeps);
    const tally = printType(schema.getType('Tally') as GraphQLObjectType);
    expect(tally).toContain('total: Float');
    expect(tally).toContain('largest: Int');
    expect(tally).toContain('visits: Int');
  });
});
