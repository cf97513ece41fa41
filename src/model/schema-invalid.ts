import { RhizomeError } from '../errors.js';

/** Where a declaration mistake sits, so the message can point at it. */
export interface SchemaPlace {
  readonly file: string;
  readonly entity?: string;
  readonly property?: string;
}

/**
 * The one error every declaration mistake becomes, reading
 * `schema/person.ts: Person.age: <problem and how to fix it>`.
 */
export const schemaInvalid = (place: SchemaPlace, problem: string, cause?: unknown): RhizomeError => {
  const where =
    place.entity === undefined
      ? ''
      : place.property === undefined
        ? `${place.entity}: `
        : `${place.entity}.${place.property}: `;
  return new RhizomeError('SCHEMA_INVALID', `${place.file}: ${where}${problem}`, {
    cause,
    details: { ...place },
  });
};
