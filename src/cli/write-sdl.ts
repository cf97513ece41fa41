import { readFile, rename, writeFile } from 'node:fs/promises';
import { printSchema } from '../graphql/print-schema.js';
import type { Model } from '../model/model.js';

/** The SDL text `schema print` writes for a model. */
export const sdlOf = (model: Model): string => {
  const sdl = printSchema(model);
  return sdl.endsWith('\n') ? sdl : `${sdl}\n`;
};

/**
 * Writes the model's SDL to `file` unless it already holds exactly that text
 * (so an unchanged schema touches nothing a codegen watcher would notice);
 * through a temporary file and a rename, so a reader never sees half of it.
 * Resolves true when it wrote.
 */
export async function writeSdl(file: string, model: Model): Promise<boolean> {
  const text = sdlOf(model);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === text) return false;
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
  return true;
}
