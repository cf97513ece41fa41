import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile-model.js';
import type { PropertyModel } from '../../src/model/model.js';
import { projectionOf } from '../../src/projection/projection-shape.js';

const custom = () => null;
const compile = (properties: Record<string, unknown>) =>
  compileModel([{ file: 'schema/test.ts', declarations: { name: 'Sensor', properties } }]).entity('Sensor');
const property = (properties: Record<string, unknown>, name: string) =>
  compile(properties)?.properties.find((p) => p.name === name) as PropertyModel;

describe('dependsOn with history (docs/design.md §9)', () => {
  it('takes names and { property, history } entries; history names are listed apart', () => {
    const peak = property(
      {
        t: { type: 'Float' },
        unit: { type: 'String' },
        peak: { type: 'Float', dependsOn: [{ property: 't', history: true }, 'unit'], resolver: custom },
      },
      'peak',
    );
    expect(peak.dependsOn).toEqual(['t', 'unit']);
    expect(peak.history).toEqual(['t']);
  });

  it('keeps plain names as they were: no history, and the same projection digest', () => {
    const plain = { t: { type: 'Float' }, x: { type: 'Float', dependsOn: ['t'], resolver: custom } };
    const object = {
      t: { type: 'Float' },
      x: { type: 'Float', dependsOn: [{ property: 't' }], resolver: custom },
    };
    expect(property(plain, 'x').history).toBeUndefined();
    const a = compile(plain);
    const b = compile(object);
    expect(a && b && projectionOf(a).shape).toBe(b && projectionOf(b).shape);
    const history = compile({
      t: { type: 'Float' },
      x: { type: 'Float', dependsOn: [{ property: 't', history: true }], resolver: custom },
    });
    expect(history && projectionOf(history).shape).not.toBe(a && projectionOf(a).shape);
  });

  it.each([
    [[{ history: true }], /Sensor\.x: a dependsOn entry needs "property"/],
    [[{ property: 't', history: 'yes' }], /"history" in dependsOn must be true or false/],
    [[{ property: 't', since: 1 }], /unknown key "since" in dependsOn/],
    [[['t']], /"dependsOn" must be an array of property names or/],
    [[{ property: 'nope', history: true }], /Sensor\.x: dependsOn names "nope"/],
  ])('refuses %j', (dependsOn, message) => {
    expect(() =>
      compile({ t: { type: 'Float' }, x: { type: 'Float', dependsOn, resolver: custom } }),
    ).toThrow(message);
  });
});
