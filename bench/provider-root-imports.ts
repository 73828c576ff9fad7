/**
 * Rewrites module-path provider imports to the package root, the way code often imports them:
 *   import { Vpc } from '@cdktf/provider-aws/lib/vpc';
 * becomes
 *   import { vpc as __aws_vpc } from '@cdktf/provider-aws';
 *   import Vpc = __aws_vpc.Vpc;
 * (an import alias keeps `Vpc` usable as both value and type, so the program still type-checks).
 */
const MODULE_PATH_IMPORT = /^import\s+(type\s+)?\{([^}]+)\}\s+from\s+'(@cdktf\/provider-(aws|helm|kubernetes))\/lib\/([a-z0-9-]+)';$/gm;

function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function rewriteToPackageRoot(source: string): { source: string; rewritten: number } {
  let rewritten = 0;
  const out = source.replace(MODULE_PATH_IMPORT, (_match, _type, names: string, pkg: string, provider: string, mod: string) => {
    rewritten++;
    const ns = camelCase(mod);
    // The provider in the alias: both aws and helm have a `provider` module.
    const alias = `__${provider}_${ns}`;
    const aliases = names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => {
        const [exported, local] = n.replace(/^type\s+/, '').split(/\s+as\s+/);
        return `import ${local ?? exported} = ${alias}.${exported};`;
      });
    return [`import { ${ns} as ${alias} } from '${pkg}';`, ...aliases].join('\n');
  });
  return { source: out, rewritten };
}
