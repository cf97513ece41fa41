/** biome-ignore-all lint/suspicious/noTemplateCurlyInString: the subject is source text, placeholders included */
import { describe, expect, it } from 'vitest';
import { normalizedSource } from '../../src/projection/normalized-source.js';

describe('normalizedSource', () => {
  it('gives a minified and a formatted resolver the same text', () => {
    const formatted = `({ resolved }) =>
      resolved.name == null
        ? null // unresolved
        : resolved.age == null
          ? 'no age'
          : \`\${ resolved.name } (\${resolved.age})\``;
    const minified =
      '({resolved})=>resolved.name==null?null:resolved.age==null?"no age":`${resolved.name} (${resolved.age})`';
    expect(normalizedSource(formatted)).toBe(normalizedSource(minified));
  });

  it('keeps what changes the meaning: words apart, text inside literals, code', () => {
    expect(normalizedSource('return  typeof x')).toBe('return typeof x');
    expect(normalizedSource('() => "a b"')).not.toBe(normalizedSource('() => "ab"'));
    expect(normalizedSource('() => `a ${x} b`')).not.toBe(normalizedSource('() => `a ${x}b`'));
    expect(normalizedSource('(v) => { return v + 1; }')).toBe(normalizedSource('(v)=>{return v+1}'));
    expect(normalizedSource('(v) => v + 1')).not.toBe(normalizedSource('(v) => v - 1'));
  });
});
