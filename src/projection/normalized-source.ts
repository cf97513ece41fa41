const WORD = /[\w$]/;

/**
 * A function's source text with formatting taken out, so the same resolver
 * gives the same projection digest whether a loader printed it minified
 * (tsx) or as written (vitest): whitespace and comments outside literals go,
 * a space stays only between two word characters, `;` before `}` goes, and
 * quoted strings are re-quoted with `"`. Template literal text is kept as is;
 * the code in its `${…}` is normalised like any other.
 */
export function normalizedSource(source: string): string {
  let out = '';
  let i = 0;
  /** For each open `${`, the brace depth at which it closes back into its template. */
  const templates: number[] = [];
  let depth = 0;
  let pendingSpace = false;
  const emit = (text: string) => {
    if (pendingSpace && WORD.test(out.at(-1) ?? '') && WORD.test(text[0] ?? '')) out += ' ';
    pendingSpace = false;
    out += text;
  };
  const readTemplate = () => {
    // i is just past a backtick or a closing `}` of `${…}`.
    let text = '';
    while (i < source.length) {
      const c = source[i] as string;
      if (c === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        i++;
        out += `${text}\``;
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        out += `${text}\${`;
        templates.push(depth);
        return;
      } else {
        text += c;
        i++;
      }
    }
    out += text;
  };
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (/\s/.test(c)) {
      pendingSpace = true;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      pendingSpace = true;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
      pendingSpace = true;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let raw = '';
      while (j < source.length && source[j] !== c) {
        raw += source[j] === '\\' ? source.slice(j, j + 2) : source[j];
        j += source[j] === '\\' ? 2 : 1;
      }
      i = j + 1;
      emit(`"${raw.replaceAll("\\'", "'").replace(/(?<!\\)"/g, '\\"')}"`);
    } else if (c === '`') {
      emit('`');
      i++;
      readTemplate();
    } else if (c === '}' && templates.at(-1) === depth) {
      templates.pop();
      pendingSpace = false;
      out += '}';
      i++;
      readTemplate();
    } else {
      if (c === '{') depth++;
      if (c === '}') {
        depth--;
        if (out.endsWith(';')) out = out.slice(0, -1);
      }
      emit(c);
      i++;
    }
  }
  return out;
}
