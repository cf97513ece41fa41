/** The history page: pick an entity, slide through its past, watch it change live. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ExplorerModel, ExplorerType } from '../src/server/explorer-model.js';
import { onDeltaAdded } from './graphql.js';
import { type HistoryDelta, loadDeltas, loadView, type View } from './history.js';
import { OtherDeltas } from './other-deltas.js';
import { clock, PropertyCard } from './property-card.js';
import { timesOf } from './status.js';

export function App({ model, initial }: { model: ExplorerModel; initial: { type: string; id: string } }) {
  const [typeName, setTypeName] = useState(initial.type || model.types[0]?.name || '');
  const [id, setId] = useState(initial.id);
  const [deltas, setDeltas] = useState<HistoryDelta[]>([]);
  const [view, setView] = useState<View | undefined>();
  // The time the view is shown as of; undefined for now (live). A time, not a slider step, so a late
  // delta with an older timeCreated does not move the view.
  const [asOf, setAsOf] = useState<number | undefined>();
  const [live, setLive] = useState(false);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | undefined>();
  const [reloads, setReloads] = useState(0);
  const type: ExplorerType | undefined = model.types.find((t) => t.name === typeName);
  const times = timesOf(deltas);
  const step = asOf === undefined ? times.length : times.indexOf(asOf);
  const known = useRef(new Set<string>());

  useEffect(() => {
    if (!id) return;
    let current = true;
    loadDeltas(id).then(
      (loaded) => {
        if (!current) return;
        known.current = new Set(loaded.map((d) => d.id));
        setDeltas(loaded);
      },
      (e: unknown) => current && setError(String(e)),
    );
    return () => {
      current = false;
    };
  }, [id, reloads]);

  useEffect(() => {
    if (!type || !id) return;
    let current = true;
    loadView(type, id, asOf).then(
      (loaded) => {
        if (!current) return;
        setView(loaded);
        setError(undefined);
      },
      (e: unknown) => current && setError(String(e)),
    );
    return () => {
      current = false;
    };
  }, [type, id, asOf, reloads]);

  useEffect(() => {
    if (!id) return;
    return onDeltaAdded(
      (delta) => {
        const touches = delta.pointers.some(
          (p) => p.entity === id || (p.entity && known.current.has(p.entity)),
        );
        if (!touches) return;
        setFresh((before) => new Set([...before, delta.id]));
        setReloads((n) => n + 1);
      },
      (connected) => {
        setLive(connected);
        // What arrived while the socket was down (or before it first opened) is read again.
        if (connected) setReloads((n) => n + 1);
      },
    );
  }, [id]);

  const show = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const nextType = String(form.get('type'));
    const nextId = String(form.get('id')).trim();
    history.replaceState(null, '', `?type=${encodeURIComponent(nextType)}&id=${encodeURIComponent(nextId)}`);
    setTypeName(nextType);
    setId(nextId);
    setAsOf(undefined);
    setFresh(new Set());
  };
  const pick = (time: number) => setAsOf(time);
  const range: [number, number] = [times[0] ?? 0, times[times.length - 1] ?? 0];

  return (
    <>
      <header>
        <h1>
          Rhizome <span>history</span>
        </h1>
        <form onSubmit={show}>
          <select name="type" value={typeName} aria-label="type">
            {model.types.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
          <input name="id" value={id} placeholder="entity id" aria-label="id" />
          <button type="submit">Show</button>
        </form>
        <span class={`live ${live ? 'on' : 'off'}`} data-testid="live">
          {live ? '● live' : '○ offline'}
        </span>
      </header>
      {error && <p class="error">{error}</p>}
      {type && id && (
        <>
          <p class="entity" data-testid="entity">
            {type.name} <strong>{id}</strong> · {deltas.length} deltas
          </p>
          <section class="as-of">
            <label for="as-of">as of</label>
            <input
              id="as-of"
              type="range"
              min={0}
              max={times.length}
              step={1}
              value={step}
              onInput={(e) => {
                const value = Number((e.currentTarget as HTMLInputElement).value);
                setAsOf(times[value]);
              }}
              data-testid="as-of"
            />
            <output data-testid="as-of-label">
              {asOf === undefined ? 'now (live)' : `${clock(asOf)} (step ${step + 1} of ${times.length})`}
            </output>
            <button type="button" onClick={() => setAsOf(undefined)} disabled={asOf === undefined}>
              now
            </button>
          </section>
          {view && !view.exists && (
            <p class="absent" data-testid="absent">
              No {type.name} “{id}” {asOf === undefined ? 'now' : 'at this time'}.
            </p>
          )}
          <main>
            {view &&
              type.properties.map((property) => (
                <PropertyCard
                  key={property.name}
                  property={property}
                  entityId={id}
                  deltas={deltas}
                  view={view}
                  asOf={asOf}
                  range={range}
                  fresh={fresh}
                  onPick={pick}
                />
              ))}
            {view && <OtherDeltas type={type} entityId={id} deltas={deltas} asOf={asOf} onPick={pick} />}
          </main>
        </>
      )}
    </>
  );
}
