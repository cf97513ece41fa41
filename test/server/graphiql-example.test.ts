import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile-model.js';
import { graphiqlExample } from '../../src/server/graphiql-example.js';

describe("GraphiQL's example document", () => {
  it('holds a mutation, a query and a subscription for the first declared type, and parses', () => {
    const model = compileModel([
      { file: 'zebra.json', declarations: { name: 'Zebra', properties: { stripes: { type: 'Int' } } } },
      {
        file: 'article.json',
        declarations: {
          name: 'Article',
          properties: { title: { type: 'String' }, tags: { type: '[String]' }, meta: { type: 'JSON' } },
        },
      },
    ]);
    const document = graphiqlExample(model);
    const operations = parse(document).definitions.map((d) =>
      'operation' in d ? `${d.operation} ${d.name?.value}` : '',
    );
    expect(operations).toEqual([
      'mutation CreateArticle',
      'query ListArticles',
      'subscription ArticleChanged',
    ]);
    expect(document).toContain('createArticle(input: { title: "Example" })');
    expect(document).toContain('articleChanged { id title tags }');
  });

  it('says what to do when nothing is declared', () => {
    expect(() => parse(graphiqlExample(compileModel([])))).not.toThrow();
  });
});
