import type { ImplementableInputObjectRef, InputObjectRef } from '@pothos/core';
import type { PropertyModel, ScalarName } from '../model/model.js';
import type { Builder, Types } from './builder.js';

type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

type Op = 'eq' | 'ne' | 'in' | 'lt' | 'lte' | 'gt' | 'gte' | 'contains';

const OPS: Record<ScalarName, readonly Op[]> = {
  String: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte', 'contains'],
  ID: ['eq', 'ne', 'in'],
  Int: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte'],
  Float: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte'],
  DateTime: ['eq', 'ne', 'in', 'lt', 'lte', 'gt', 'gte'],
  Boolean: ['eq', 'ne'],
  JSON: ['eq', 'ne'],
};

const DESCRIPTIONS: Record<Op, string> = {
  eq: 'Equal to (null: unresolved).',
  ne: 'Not equal to.',
  in: 'Equal to one of.',
  lt: 'Less than.',
  lte: 'Less than or equal to.',
  gt: 'Greater than.',
  gte: 'Greater than or equal to.',
  contains: 'Contains this substring.',
};

/**
 * The shared `<Scalar>Filter` and `<Scalar>ListFilter` inputs, created on first
 * use so a schema only carries the filters its properties need.
 */
export function createFilterInputs(builder: Builder) {
  const made = new Map<string, InputObjectRef<Types, Record<string, unknown>>>();
  const input = (name: string, fields: (t: InputFields) => Record<string, unknown>) => {
    let ref = made.get(name);
    if (!ref) {
      const implementable = builder.inputRef(name) as ImplementableInputObjectRef<
        Types,
        Record<string, unknown>
      >;
      ref = implementable.implement({ fields: fields as never });
      made.set(name, ref);
    }
    return ref;
  };

  /** The filter input for one property: references filter by the referenced id. */
  return (property: PropertyModel) => {
    const scalar: ScalarName = property.type.kind === 'reference' ? 'ID' : property.type.scalar;
    if (property.type.list) {
      return input(`${scalar}ListFilter`, (t) => ({
        contains: t.field({ type: scalar, description: 'The list has this element.' }),
      }));
    }
    return input(`${scalar}Filter`, (t) =>
      Object.fromEntries(
        OPS[scalar].map((op) => [
          op,
          t.field({
            type: op === 'in' ? [scalar] : op === 'contains' ? 'String' : scalar,
            description: DESCRIPTIONS[op],
          }),
        ]),
      ),
    );
  };
}
