import type { BuiltinResolverName, Model } from '../model/model.js';
import { lowerCamel } from '../model/names.js';

/** A declared property as the history page needs it: how to query it and which resolver picks its value. */
export interface ExplorerProperty {
  readonly name: string;
  /** The declared type as written: `String`, `[Person]`. */
  readonly type: string;
  /** Set for references: the entity type they point at. */
  readonly entity?: string;
  readonly list: boolean;
  readonly resolver: BuiltinResolverName | 'custom';
  readonly dependsOn: readonly string[];
}

export interface ExplorerType {
  readonly name: string;
  /** The query field that looks one up by id, e.g. `person`. */
  readonly query: string;
  readonly properties: readonly ExplorerProperty[];
}

/** `GET /explorer/model.json`: the declarations, without the custom resolvers' code. */
export interface ExplorerModel {
  readonly types: readonly ExplorerType[];
}

export function explorerModel(model: Model): ExplorerModel {
  return {
    types: model.entities.map((entity) => ({
      name: entity.name,
      query: lowerCamel(entity.name),
      properties: entity.properties.map((p) => {
        const base = p.type.kind === 'reference' ? p.type.entity : p.type.scalar;
        return {
          name: p.name,
          type: p.type.list ? `[${base}]` : base,
          ...(p.type.kind === 'reference' ? { entity: p.type.entity } : {}),
          list: p.type.list,
          resolver: p.resolver,
          dependsOn: p.dependsOn,
        };
      }),
    })),
  };
}
