import { graphql } from './gql/index.js';

// Operations the example client runs. `npm run codegen` reads this file and
// generates a typed document for each into ./gql, so results and variables
// are checked against the committed schema.graphql.

export const CreatePersonDocument = graphql(`
  mutation CreatePerson($input: PersonInput!) {
    createPerson(input: $input) {
      id
      name
      age
      label
    }
  }
`);

export const UpdatePersonDocument = graphql(`
  mutation UpdatePerson($id: ID!, $input: PersonInput!) {
    updatePerson(id: $id, input: $input) {
      id
      nickname
    }
  }
`);

export const PersonDocument = graphql(`
  query Person($id: ID!) {
    person(id: $id) {
      id
      name
      nickname
      age
      tags
      label
      _deltas(property: "name") {
        id
        creator
        timeCreated
      }
    }
  }
`);

export const PersonChangedDocument = graphql(`
  subscription PersonChanged($id: ID) {
    personChanged(id: $id) {
      id
      name
      nickname
    }
  }
`);

// A perspective (docs/design.md §9): the person as resolved only from the
// deltas of the creators this reader trusts; negations count only if trusted too.
export const TrustedPersonDocument = graphql(`
  query TrustedPerson($id: ID!, $creators: [String!]) {
    person(id: $id, trust: { creators: $creators }) {
      id
      name
    }
  }
`);
