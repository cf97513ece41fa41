import { describe, expect, it } from 'vitest';
import { lowerCamel } from '../../src/model/names.js';

describe('lowerCamel', () => {
  it.each([
    ['Person', 'person'],
    ['BlogPost', 'blogPost'],
    ['HTTPServer', 'httpServer'],
    ['URL', 'url'],
    ['A', 'a'],
    ['X1', 'x1'],
  ])('%s → %s', (name, expected) => {
    expect(lowerCamel(name)).toBe(expected);
  });
});
