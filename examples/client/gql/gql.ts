/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreatePerson($input: PersonInput!) {\n    createPerson(input: $input) {\n      id\n      name\n      age\n      label\n    }\n  }\n": typeof types.CreatePersonDocument,
    "\n  mutation UpdatePerson($id: ID!, $input: PersonInput!) {\n    updatePerson(id: $id, input: $input) {\n      id\n      nickname\n    }\n  }\n": typeof types.UpdatePersonDocument,
    "\n  query Person($id: ID!) {\n    person(id: $id) {\n      id\n      name\n      nickname\n      age\n      tags\n      label\n      _deltas(property: \"name\") {\n        id\n        creator\n        timeCreated\n      }\n    }\n  }\n": typeof types.PersonDocument,
    "\n  subscription PersonChanged($id: ID) {\n    personChanged(id: $id) {\n      id\n      name\n      nickname\n    }\n  }\n": typeof types.PersonChangedDocument,
    "\n  query TrustedPerson($id: ID!, $creators: [String!]) {\n    person(id: $id, trust: { creators: $creators }) {\n      id\n      name\n    }\n  }\n": typeof types.TrustedPersonDocument,
};
const documents: Documents = {
    "\n  mutation CreatePerson($input: PersonInput!) {\n    createPerson(input: $input) {\n      id\n      name\n      age\n      label\n    }\n  }\n": types.CreatePersonDocument,
    "\n  mutation UpdatePerson($id: ID!, $input: PersonInput!) {\n    updatePerson(id: $id, input: $input) {\n      id\n      nickname\n    }\n  }\n": types.UpdatePersonDocument,
    "\n  query Person($id: ID!) {\n    person(id: $id) {\n      id\n      name\n      nickname\n      age\n      tags\n      label\n      _deltas(property: \"name\") {\n        id\n        creator\n        timeCreated\n      }\n    }\n  }\n": types.PersonDocument,
    "\n  subscription PersonChanged($id: ID) {\n    personChanged(id: $id) {\n      id\n      name\n      nickname\n    }\n  }\n": types.PersonChangedDocument,
    "\n  query TrustedPerson($id: ID!, $creators: [String!]) {\n    person(id: $id, trust: { creators: $creators }) {\n      id\n      name\n    }\n  }\n": types.TrustedPersonDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePerson($input: PersonInput!) {\n    createPerson(input: $input) {\n      id\n      name\n      age\n      label\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePerson($input: PersonInput!) {\n    createPerson(input: $input) {\n      id\n      name\n      age\n      label\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePerson($id: ID!, $input: PersonInput!) {\n    updatePerson(id: $id, input: $input) {\n      id\n      nickname\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePerson($id: ID!, $input: PersonInput!) {\n    updatePerson(id: $id, input: $input) {\n      id\n      nickname\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Person($id: ID!) {\n    person(id: $id) {\n      id\n      name\n      nickname\n      age\n      tags\n      label\n      _deltas(property: \"name\") {\n        id\n        creator\n        timeCreated\n      }\n    }\n  }\n"): (typeof documents)["\n  query Person($id: ID!) {\n    person(id: $id) {\n      id\n      name\n      nickname\n      age\n      tags\n      label\n      _deltas(property: \"name\") {\n        id\n        creator\n        timeCreated\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PersonChanged($id: ID) {\n    personChanged(id: $id) {\n      id\n      name\n      nickname\n    }\n  }\n"): (typeof documents)["\n  subscription PersonChanged($id: ID) {\n    personChanged(id: $id) {\n      id\n      name\n      nickname\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrustedPerson($id: ID!, $creators: [String!]) {\n    person(id: $id, trust: { creators: $creators }) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query TrustedPerson($id: ID!, $creators: [String!]) {\n    person(id: $id, trust: { creators: $creators }) {\n      id\n      name\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;