import { basename, resolve } from 'node:path';
import { watch } from 'chokidar';
import type { Model } from '../model/model.js';

export interface WatchSchemaOptions {
  /** Compiles the directory; throws `SCHEMA_INVALID` for a bad declaration. */
  readonly load: (dir: string) => Promise<Model>;
  /** Called with each model that compiled. */
  readonly onModel: (model: Model) => void;
  /** Called when an edit does not compile; the caller keeps the previous model. */
  readonly onInvalid: (error: unknown) => void;
  /**
   * Quiet time after the last file event before recompiling: editors write a
   * file in several steps (truncate, write, rename), and one save should
   * compile once. @default 100
   */
  readonly settleMs?: number;
}

export interface SchemaWatcher {
  close(): Promise<void>;
}

/**
 * Watches a schema directory and recompiles it after each change. Compiles
 * never overlap: a change that arrives mid-compile triggers one more compile
 * afterwards, so the last model delivered always reflects the files on disk.
 * Resolves once the initial scan is done, so edits made afterwards are seen.
 */
export async function watchSchema(dir: string, options: WatchSchemaOptions): Promise<SchemaWatcher> {
  const settleMs = options.settleMs ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let compiling = false;
  let again = false;
  let closed = false;

  const compile = async (): Promise<void> => {
    if (compiling) {
      again = true;
      return;
    }
    compiling = true;
    try {
      do {
        again = false;
        try {
          const model = await options.load(dir);
          if (!closed && !again) options.onModel(model);
        } catch (error) {
          if (!closed && !again) options.onInvalid(error);
        }
      } while (again && !closed);
    } finally {
      compiling = false;
    }
  };

  const root = resolve(dir);
  // Editors' swap and backup files (`.x.swp`, `x~`) are not declarations.
  const ignored = (path: string) => resolve(path) !== root && /^\.|~$/.test(basename(path));
  const watcher = watch(dir, { ignoreInitial: true, ignored });
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void compile(), settleMs);
  });
  await new Promise<void>((ready, fail) => watcher.once('ready', ready).once('error', fail));
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
