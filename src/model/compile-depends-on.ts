import type { PropertyModel } from './model.js';

const DEPENDENCY_KEYS: ReadonlySet<string> = new Set(['property', 'history']);

/**
 * Reads a `dependsOn` declaration: property names, or `{ property, history }`
 * objects (docs/design.md §9). Only the shape is checked here; whether the
 * names exist and form no cycle needs the whole entity (see compile-model).
 */
export const compileDependsOn = (
  raw: unknown,
  resolver: PropertyModel['resolver'],
  fail: (problem: string) => Error,
): { dependsOn: string[]; history: string[] } => {
  if (raw === undefined) return { dependsOn: [], history: [] };
  if (resolver !== 'custom') throw fail('"dependsOn" only applies to a custom resolver function');
  const shape = 'must be an array of property names or { property, history: true } objects';
  if (!Array.isArray(raw)) throw fail(`"dependsOn" ${shape}`);
  const dependsOn = new Set<string>();
  const history = new Set<string>();
  for (const item of raw as unknown[]) {
    if (typeof item === 'string') {
      dependsOn.add(item);
      continue;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw fail(`"dependsOn" ${shape}`);
    const entry = item as Record<string, unknown>;
    const unknownKey = Object.keys(entry).find((key) => !DEPENDENCY_KEYS.has(key));
    if (unknownKey !== undefined) {
      throw fail(`unknown key "${unknownKey}" in dependsOn; an entry has property and history`);
    }
    if (typeof entry.property !== 'string') throw fail('a dependsOn entry needs "property", a property name');
    if (entry.history !== undefined && typeof entry.history !== 'boolean') {
      throw fail('"history" in dependsOn must be true or false');
    }
    dependsOn.add(entry.property);
    if (entry.history === true) history.add(entry.property);
  }
  // Named both ways: the history form wins, since it was asked for explicitly.
  return { dependsOn: [...dependsOn], history: [...history] };
};
