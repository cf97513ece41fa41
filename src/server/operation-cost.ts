import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromAST,
} from 'graphql';

export interface CostOptions {
  /** Items assumed for a list field that has no `first` argument. */
  readonly listCost: number;
}

/**
 * An upper estimate of the objects and values an operation produces: each
 * field costs 1, times how many times its parent occurs. A field with `first`
 * occurs up to `first` times (its default when not given); any other list
 * field is assumed to hold `listCost` items; the `edges`/`nodes` lists of a
 * connection are already counted by the connection's `first`. Multiplying
 * along the path is what catches `friends { friends { friends … } }`, whose
 * result grows as a power of the list size while its depth stays small.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  options: CostOptions,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // A fragment costs the same wherever it is spread, so each is walked once.
  const fragmentCosts = new Map<string, number>();

  const multiplicity = (field: GraphQLField<unknown, unknown>, node: FieldNode, parent: GraphQLNamedType) => {
    const firstArg = field.args.find((arg) => arg.name === 'first');
    if (firstArg) {
      const given = node.arguments?.find((arg) => arg.name.value === 'first');
      const value = given ? valueFromAST(given.value, firstArg.type, variables ?? undefined) : undefined;
      const first = typeof value === 'number' ? value : firstArg.defaultValue;
      return typeof first === 'number' && first > 0 ? first : 1;
    }
    if (!isListType(getNullableType(field.type))) return 1;
    return parent.name.endsWith('Connection') ? 1 : options.listCost;
  };

  const selectionCost = (selectionSet: SelectionSetNode, type: GraphQLNamedType): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) {
          cost += 1;
          continue;
        }
        const field =
          isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
        if (!field) continue; // validation has already refused unknown fields
        const inner = selection.selectionSet
          ? selectionCost(selection.selectionSet, getNamedType(field.type))
          : 0;
        cost += 1 + multiplicity(field, selection, type) * inner;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition && schema.getType(selection.typeCondition.name.value);
        cost += selectionCost(selection.selectionSet, condition ?? type);
      } else {
        const name = selection.name.value;
        let known = fragmentCosts.get(name);
        const fragment = fragments.get(name);
        if (known === undefined && fragment) {
          fragmentCosts.set(name, 0); // a cycle (refused by validation anyway) adds nothing
          const condition = schema.getType(fragment.typeCondition.name.value) ?? type;
          known = selectionCost(fragment.selectionSet, condition);
          fragmentCosts.set(name, known);
        }
        cost += known ?? 0;
      }
    }
    return cost;
  };

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(operation.selectionSet, root) : 0;
}
