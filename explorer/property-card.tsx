/** One property: its resolved value, and the deltas behind it on a timeline and in a list. */
import type { ExplorerProperty } from '../src/server/explorer-model.js';
import { givenValue, type HistoryDelta, speaksAbout, type View } from './history.js';
import { deltaStatus, type Status } from './status.js';
import { markWinners, resolverNote } from './winners.js';

const LABEL: Record<Status, string> = {
  winner: '★ winner',
  counted: 'counted',
  outranked: 'outranked',
  negated: 'negated',
  future: 'after this time',
  hidden: 'not visible (incomplete transaction)',
};

export const formatValue = (value: unknown): string => {
  // GraphQL answers null for an unresolved value.
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(', ') : '[]';
  if (value !== null && typeof value === 'object') {
    if ('id' in value && Object.keys(value).length === 1) return `→ ${String(value.id)}`;
    return JSON.stringify('json' in value ? value.json : value);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
};

export const clock = (time: number) => new Date(time).toISOString().replace('T', ' ').replace('Z', '');

export interface PropertyCardProps {
  readonly property: ExplorerProperty;
  readonly entityId: string;
  readonly deltas: readonly HistoryDelta[];
  readonly view: View;
  readonly asOf: number | undefined;
  /** The slider's range, to place deltas on the track. */
  readonly range: readonly [number, number];
  readonly fresh: ReadonlySet<string>;
  onPick(time: number): void;
}

export function PropertyCard(props: PropertyCardProps) {
  const { property, entityId, view, asOf } = props;
  const mine = props.deltas.filter((d) => speaksAbout(d, entityId, property.name));
  const visible = new Set(view.visible[property.name] ?? []);
  const resolved = view.values[property.name];
  const marks = markWinners(
    property.resolver,
    mine
      .filter((d) => visible.has(d.id))
      .map((d) => ({ id: d.id, timeCreated: d.time, value: givenValue(d, entityId, property.name) })),
    resolved,
  );
  const [from, to] = props.range;
  const left = (time: number) => (to > from ? ((time - from) / (to - from)) * 100 : 50);
  return (
    <section class="property" data-property={property.name}>
      <h2>
        {property.name} <small>{property.type}</small>
      </h2>
      <div class="value" data-testid={`value-${property.name}`}>
        {view.exists ? formatValue(resolved) : '—'}
      </div>
      <div class="resolver">
        {property.resolver === 'custom'
          ? `custom resolver over ${property.dependsOn.join(', ') || 'its own deltas'}`
          : resolverNote(property.resolver)}
      </div>
      {mine.length > 0 && (
        <div class="track" aria-hidden="true">
          {asOf !== undefined && <div class="cursor" style={{ left: `${left(asOf)}%` }} />}
          {mine.map((d) => (
            <button
              type="button"
              key={d.id}
              class={`dot ${deltaStatus(d, visible, marks, asOf)}`}
              style={{ left: `${left(d.time)}%` }}
              title={`${clock(d.time)} ${formatValue(givenValue(d, entityId, property.name))}`}
              onClick={() => props.onPick(d.time)}
            />
          ))}
        </div>
      )}
      <ol class="deltas">
        {mine.map((d) => {
          const status = deltaStatus(d, visible, marks, asOf);
          return (
            <li
              key={d.id}
              class={`delta ${status}${props.fresh.has(d.id) ? ' fresh' : ''}`}
              data-delta={d.id}
              data-status={status}
            >
              <button
                type="button"
                class="when"
                onClick={() => props.onPick(d.time)}
                title="view as of this delta"
              >
                {clock(d.time)}
              </button>
              <span class="given">{formatValue(givenValue(d, entityId, property.name))}</span>
              <span class="who">
                {d.creator}@{d.host}
              </span>
              <span class="mark">
                {LABEL[status]}
                {status === 'negated' && ` by ${d.negatedBy.map((n) => n.id).join(', ')}`}
              </span>
            </li>
          );
        })}
        {mine.length === 0 && <li class="none">no deltas</li>}
      </ol>
    </section>
  );
}
