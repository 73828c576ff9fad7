import { typescript } from 'projen';

/** Directories of shipped code (linted with the strict rules, type-checked by `typecheck`). */
export const SOURCE_DIRS = ['stacks', 'modules', 'tools'];
/** Directories of development code: tests, benchmarks, the project definition. */
export const DEV_DIRS = ['test', 'bench', 'projenrc'];

/**
 * Nothing is compiled to JavaScript: tsx runs TypeScript directly and `tsc --noEmit` only
 * type-checks. So both tsconfigs cover the whole tree and `compile` becomes the type-check.
 */
export function configureTypeScript(project: typescript.TypeScriptProject): void {
  const include = [...SOURCE_DIRS, ...DEV_DIRS].map((dir) => `${dir}/**/*.ts`).concat('.projenrc.ts');
  const tsconfig = project.tsconfig;
  if (!tsconfig) throw new Error('configureTypeScript: the project has no tsconfig');
  tsconfig.file.addOverride('include', include);
  tsconfig.file.addOverride('compilerOptions.noEmit', true);
  tsconfig.file.addOverride('compilerOptions.rootDir', '.');
  tsconfig.file.addOverride('compilerOptions.outDir', undefined);
  tsconfig.file.addOverride('compilerOptions.declaration', false);
  tsconfig.file.addOverride('compilerOptions.skipLibCheck', true);
  // .projenrc.ts is in the tsconfig already; projen also lists it as an eslint "default project",
  // which typescript-eslint rejects as a duplicate.
  project.eslint?.file.addOverride('parserOptions.projectService.allowDefaultProject', []);
  const typecheck = project.addTask('typecheck', {
    description: 'Type-check every TypeScript file (tsc --noEmit); nothing is emitted',
    exec: 'tsc --noEmit -p tsconfig.json',
  });
  project.compileTask.reset();
  project.compileTask.spawn(typecheck);
  // `package` would bundle lib/ for npm: this is an application repository, nothing is published.
  project.packageTask.reset();
  project.tasks.tryFind('watch')?.reset('tsc --noEmit --watch -p tsconfig.json');
}
