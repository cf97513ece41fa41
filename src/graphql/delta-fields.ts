import { createDeltaBuilder } from '../delta/build-delta.js';
import { parseDelta } from '../delta/parse-delta.js';
import { parseStoredText } from '../delta/parse-text.js';
import { waitUntilSettled } from '../engine/settle-cursor.js';
import { badInput, RhizomeError } from '../errors.js';
import type { FeedEntry } from '../store/delta-store.js';
import {
  compareCursors,
  decodeCursor,
  encodeCursor,
  type FeedCursor,
  laterCursor,
} from '../store/feed-cursor.js';
import type { Builder, SchemaDeps } from './builder.js';
import { connectionRef } from './connection.js';
import { type DeltaInput, deltaInputToWire, serverFilled } from './delta-input.js';
import { defineDeltaTypes } from './delta-types.js';

/** How long a `deltas` page waits for this instance's latest write to become readable. */
const OWN_WRITE_WAIT_MS = 1000;

const MAX_PAGE = 1000;

/** The generic API every schema has: `delta`, `deltas`, `emitDeltas`, `negateDelta`, `deltaAdded`. */
export function defineDeltaFields(builder: Builder, deps: SchemaDeps) {
  const { DeltaRef } = defineDeltaTypes(builder);
  const { connection: DeltaConnection, edge: DeltaEdge } = connectionRef(builder, 'Delta', DeltaRef);
  const edgeOf = (entry: FeedEntry) => ({ cursor: encodeCursor(entry.cursor), node: entry.delta });

  const PointerInput = builder.inputType('PointerInput', {
    fields: (t) => ({
      localContext: t.string({ required: true }),
      entity: t.id({ description: 'Target an entity by id (set this or `value`).' }),
      value: t.field({
        type: 'JSON',
        description:
          'The value target: a string, number, boolean, null, object or array (docs/design.md §1).',
      }),
      targetContext: t.string({
        description: 'Only with `entity`: the property of that entity this delta speaks about.',
      }),
    }),
  });
  const DeltaInputRef = builder.inputType('DeltaInput', {
    fields: (t) => ({
      id: t.id({ description: 'Omit to have the server assign a UUIDv7.' }),
      creator: t.string(),
      host: t.string({
        description: 'Omit: this node. Set only when relaying a delta another node accepted.',
      }),
      timeCreated: t.field({ type: 'DateTime', description: "Omit: the server's clock." }),
      pointers: t.field({ type: [PointerInput], required: true }),
    }),
  });

  builder.queryField('delta', (t) =>
    t.field({
      type: DeltaRef,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, { id }, ctx) => {
        ctx.access.assertFeedRead('delta');
        const found = await deps.store.get(parseStoredText(String(id), 'id'));
        if (found) ctx.access.assertReadAll([found], 'delta');
        return found ?? null;
      },
    }),
  );

  // The latest own write known to be readable in feed order; nothing to wait for until one passes it.
  let readableUpTo: FeedCursor | null = null;
  /**
   * A page stops below the oldest open transaction of the cluster (§5.3), which can be a projection
   * fold that began before this instance's last mutation committed: wait, at most a second, until that
   * write is readable. After that the page is answered as it stands, still a correct page of the feed.
   */
  const ownWritesReadable = async () => {
    const mark = deps.lastWrite?.() ?? null;
    const cursorState = deps.store.cursorState;
    if (mark === null || cursorState === undefined || compareCursors(mark, readableUpTo) <= 0) return;
    if ((await waitUntilSettled(cursorState, mark, OWN_WRITE_WAIT_MS)) === 'settled') {
      readableUpTo = laterCursor(readableUpTo, mark);
    }
  };

  builder.queryField('deltas', (t) =>
    t.field({
      type: DeltaConnection,
      description: `Deltas in feed order. \`first\` is at most ${MAX_PAGE}.`,
      args: {
        first: t.arg.int({ defaultValue: 100 }),
        after: t.arg.string(),
        entity: t.arg.id(),
        creator: t.arg.string(),
        since: t.arg({ type: 'DateTime' }),
      },
      resolve: async (_root, args, ctx) => {
        ctx.access.assertFeedRead('deltas');
        const first = args.first ?? 100;
        if (first < 0 || first > MAX_PAGE)
          throw badInput(`first must be between 0 and ${MAX_PAGE}; got ${first}.`);
        const filter = {
          ...(args.entity != null && { entity: parseStoredText(String(args.entity), 'entity') }),
          ...(args.creator != null && { creator: parseStoredText(args.creator, 'creator') }),
          ...(args.since != null && { since: args.since }),
        };
        const after = args.after == null ? null : decodeCursor(args.after);
        await ownWritesReadable();
        const entries = await deps.store.since(after, first + 1, filter);
        const page = entries.slice(0, first);
        // The whole page or an error: a page with holes would hide what was withheld, and totalCount would not add up.
        ctx.access.assertReadAll(
          page.map((entry) => entry.delta),
          'deltas',
        );
        return {
          edges: page.map(edgeOf),
          hasNextPage: entries.length > first,
          // A count scans every matching row: paging a large feed (a peer catching up) does not ask for it.
          totalCount: () => deps.store.count(filter),
        };
      },
    }),
  );

  builder.mutationField('emitDeltas', (t) =>
    t.field({
      type: [DeltaRef],
      description: 'Stores deltas atomically: all of them or, on any error, none.',
      args: { deltas: t.arg({ type: [DeltaInputRef], required: true }) },
      resolve: async (_root, args, ctx) => {
        const inputs = args.deltas as DeltaInput[];
        const deltas = inputs.map((input, i) => parseDelta(deltaInputToWire(input, i), ctx.defaults, i));
        if (deltas.length === 0) throw badInput('emitDeltas needs at least one delta.');
        await ctx.access.authorizeWrite(deltas);
        const outcomes = await deps.engine.write(deltas, { defaulted: inputs.map(serverFilled) });
        ctx.writes.note(outcomes);
        // A retry answers with the delta as first stored, whose host and time the server chose then.
        return outcomes.map((outcome) => outcome.delta);
      },
    }),
  );

  builder.mutationField('negateDelta', (t) =>
    t.field({
      type: DeltaRef,
      description: 'Retracts a delta from every view. Negating the negation restores it.',
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, { id }, ctx) => {
        const target = parseStoredText(String(id), 'id');
        if (!(await deps.store.get(target))) {
          throw new RhizomeError(
            'NOT_FOUND',
            `No delta with id "${target}"; check the id, or use emitDeltas to negate a delta that has not arrived yet.`,
          );
        }
        const negation = createDeltaBuilder(ctx.defaults).negate(target);
        await ctx.access.authorizeWrite([negation]);
        ctx.writes.note(await deps.engine.write([negation]));
        return negation;
      },
    }),
  );

  builder.subscriptionField('deltaAdded', (t) =>
    t.field({
      type: DeltaEdge,
      description:
        'With `after`: every delta after that cursor, then new ones live, in feed order, no gap and no duplicate. Without: only deltas that enter the feed from now on.',
      args: { after: t.arg.string() },
      subscribe: (_root, args, ctx) => {
        ctx.access.assertFeedRead('deltaAdded');
        const after = args.after == null ? null : decodeCursor(args.after);
        const stream = deps.deltaStream(after);
        return ctx.access.enabled ? readableOnly(stream, (entry) => ctx.access.canRead(entry.delta)) : stream;
      },
      resolve: edgeOf,
    }),
  );

  return { DeltaRef };
}

/**
 * A live feed skips what the caller may not read rather than failing: the
 * next readable delta's cursor still resumes past the skipped ones. Written
 * by hand, not as an async generator, so that `return` reaches the stream at
 * once instead of waiting for its next entry.
 */
function readableOnly(
  stream: AsyncIterableIterator<FeedEntry>,
  readable: (entry: FeedEntry) => boolean,
): AsyncIterableIterator<FeedEntry> {
  return {
    async next() {
      for (;;) {
        const result = await stream.next();
        if (result.done || readable(result.value)) return result;
      }
    },
    return: async (value?: unknown) => (await stream.return?.(value)) ?? { done: true, value: undefined },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
