import { expect } from 'chai';
import { z } from 'zod';
import { environmentSchema, projectSchema } from '../../stacks/config-schema';

interface Node { type?: string; properties?: Record<string, Node>; additionalProperties?: boolean | Node; examples?: unknown[] }

/** Dotted paths of every field that is not a nested mapping of known keys. */
function fields(node: Node, path = ''): Array<{ path: string; node: Node }> {
  if (node.properties) return Object.entries(node.properties).flatMap(([key, child]) => fields(child, path ? `${path}.${key}` : key));
  return [{ path, node }];
}

describe('stacks/config-schema', () => {
  for (const [name, schema] of [['project', projectSchema], ['environment', environmentSchema]] as const) {
    it(`gives every ${name} field an example, quoted after its type errors`, () => {
      const missing = fields(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Node).filter((f) => f.node.examples === undefined).map((f) => f.path);
      expect(missing).to.deep.equal([]);
    });

    it(`is strict at every level of the ${name} file except tags`, () => {
      const loose: string[] = [];
      const walk = (node: Node, path: string) => {
        if (node.type === 'object' && node.properties && node.additionalProperties !== false) loose.push(path);
        if (node.type === 'object' && !node.properties && path !== 'tags') loose.push(path);
        for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, path ? `${path}.${key}` : key);
      };
      walk(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Node, '');
      expect(loose).to.deep.equal([]);
    });
  }
});
