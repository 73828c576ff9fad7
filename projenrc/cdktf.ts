import { JsonFile, typescript } from 'projen';

/** Output directory of `cdktf synth`: one folder per stack under `stacks/`. */
export const CDKTF_OUTDIR = 'cdktf.out';

/**
 * cdktf.json: the app runs `stacks/main.ts` with tsx (no compile step, provider classes imported by
 * module path), prebuilt providers only (no `cdktf get`), and no telemetry or crash reports.
 */
export function addCdktf(project: typescript.TypeScriptProject): void {
  new JsonFile(project, 'cdktf.json', {
    obj: {
      language: 'typescript',
      app: 'npx tsx stacks/main.ts',
      output: CDKTF_OUTDIR,
      projectId: 'ai-chatbot-platform',
      sendCrashReports: 'false',
      terraformProviders: [],
      terraformModules: [],
      context: {},
    },
  });
}
