import { printSchema as printSdl } from 'graphql';
import type { Model } from '../model/model.js';
import { buildSchema } from './build-schema.js';
import type { SchemaDeps } from './builder.js';

const unused = () => {
  throw new Error('a printed schema never resolves anything');
};

/** The SDL of the API generated from a model; committed as `schema.graphql`. */
export function printSchema(model: Model): string {
  // Building reads the deps' names but calls nothing; printing runs no resolver.
  const deps = new Proxy({} as SchemaDeps, { get: () => unused });
  return `${printSdl(buildSchema(model, deps))}\n`;
}
