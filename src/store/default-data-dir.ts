/**
 * Where the embedded database lives when nothing says otherwise
 * (docs/design.md §5.6). Its own module, so configuration and CLI help can
 * name it without loading PGlite.
 */
export const DEFAULT_DATA_DIR = './.rhizome/data';
