import { GraphQLError, Lexer, Source, TokenKind } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * The deepest bracket nesting (`{`, `[`, `(` together) a document may have.
 * graphql-js parses recursively, and a few thousand nested list literals
 * exhaust the stack, which surfaced as an unexpected error. A hundred is
 * far beyond any real operation (the selection depth limit is 10).
 */
export const MAX_NESTING = 100;

const OPENING = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/** The deepest nesting in a document, by its tokens (strings and comments cannot fool it). */
function nestingOf(body: string): number {
  const lexer = new Lexer(new Source(body));
  let depth = 0;
  let deepest = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (OPENING.has(token.kind)) deepest = Math.max(deepest, ++depth);
    else if (CLOSING.has(token.kind)) depth--;
  }
  return deepest;
}

/** Refuses too deeply nested documents with `BAD_USER_INPUT` before graphql-js parses them. */
export const useNestingLimit: Plugin = {
  onParse({ params, setParseFn }) {
    const body = typeof params.source === 'string' ? params.source : params.source.body;
    let deepest = 0;
    try {
      deepest = nestingOf(body);
    } catch {
      return; // not even tokens: the parser reports the syntax error
    }
    if (deepest <= MAX_NESTING) return;
    setParseFn(() => {
      throw new GraphQLError(
        `The document nests ${deepest} levels of brackets; the limit is ${MAX_NESTING}. Flatten it.`,
        { extensions: { code: 'BAD_USER_INPUT' } },
      );
    });
  },
};
