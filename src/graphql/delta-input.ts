import { valueTarget } from '../delta/json-value.js';
import { badInput } from '../errors.js';
import type { DefaultedField } from '../store/delta-store.js';

/** `PointerInput` as the GraphQL layer receives it (docs/design.md §4). */
export interface PointerInput {
  readonly localContext: string;
  readonly entity?: string | null;
  readonly value?: unknown;
  readonly targetContext?: string | null;
}

export interface DeltaInput {
  readonly id?: string | null;
  readonly creator?: string | null;
  readonly host?: string | null;
  readonly timeCreated?: number | null;
  readonly pointers: readonly PointerInput[];
}

/**
 * Turns GraphQL's `DeltaInput` into the wire format, which `parseDelta` then
 * validates like any other untrusted delta.
 */
export function deltaInputToWire(input: DeltaInput, index: number): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    pointers: input.pointers.map((pointer, p) => pointerToWire(pointer, index, p)),
  };
  if (input.id != null) wire.id = input.id;
  if (input.creator != null) wire.creator = input.creator;
  if (input.host != null) wire.host = input.host;
  if (input.timeCreated != null) wire.timeCreated = input.timeCreated;
  return wire;
}

/** The fields this input leaves to the server, which a retry of it must not be held to. */
export const serverFilled = (input: DeltaInput): DefaultedField[] => [
  ...(input.host == null ? (['host'] as const) : []),
  ...(input.timeCreated == null ? (['timeCreated'] as const) : []),
];

function pointerToWire(pointer: PointerInput, index: number, p: number): Record<string, unknown> {
  const hasEntity = pointer.entity != null;
  const hasValue = pointer.value !== undefined;
  if (hasEntity && hasValue) {
    throw badInput(`Delta ${index}, pointer ${p}: set either entity or value, not both.`, {
      delta: index,
      pointer: p,
    });
  }
  if (!hasEntity && !hasValue) {
    throw badInput(
      `Delta ${index}, pointer ${p}: set entity (an id) or value (any JSON value, may be null).`,
      {
        delta: index,
        pointer: p,
      },
    );
  }
  const wire: Record<string, unknown> = {
    localContext: pointer.localContext,
    target: hasEntity ? { id: pointer.entity } : valueTarget(pointer.value),
  };
  if (pointer.targetContext != null) wire.targetContext = pointer.targetContext;
  return wire;
}
