/** Deltas that reference the entity without speaking about a declared property (membership, other contexts). */
import type { ExplorerType } from '../src/server/explorer-model.js';
import { type HistoryDelta, speaksAbout } from './history.js';
import { clock, formatValue } from './property-card.js';

const pointerText = (p: HistoryDelta['pointers'][number]) =>
  `${p.localContext}: ${p.entity !== null ? `→ ${p.entity}${p.targetContext ? `.${p.targetContext}` : ''}` : formatValue(p.value)}`;

export function OtherDeltas(props: {
  type: ExplorerType;
  entityId: string;
  deltas: readonly HistoryDelta[];
  asOf: number | undefined;
  onPick(time: number): void;
}) {
  const { asOf } = props;
  const others = props.deltas.filter(
    (d) => !props.type.properties.some((p) => speaksAbout(d, props.entityId, p.name)),
  );
  if (others.length === 0) return null;
  return (
    <section class="property other">
      <h2>
        other deltas <small>membership and undeclared contexts</small>
      </h2>
      <ol class="deltas">
        {others.map((d) => {
          const status =
            asOf !== undefined && d.time > asOf
              ? 'future'
              : d.negatedBy.some((n) => asOf === undefined || n.time <= asOf)
                ? 'negated'
                : 'counted';
          return (
            <li key={d.id} class={`delta ${status}`} data-delta={d.id} data-status={status}>
              <button type="button" class="when" onClick={() => props.onPick(d.time)}>
                {clock(d.time)}
              </button>
              <span class="given">{d.pointers.map(pointerText).join(' · ')}</span>
              <span class="who">
                {d.creator}@{d.host}
              </span>
              <span class="mark">
                {status === 'future' ? 'after this time' : status === 'negated' ? 'negated' : ''}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
