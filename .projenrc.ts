// The project definition. It reads like a table of contents: each larger piece lives in a named
// helper under projenrc/. Run `npx projen` after changing anything here; never edit the files it
// generates (they are read-only and listed in .projen/files.json).
import { javascript, typescript } from 'projen';
import { TypeScriptRunner } from 'projen/lib/typescript';
import { addBuildWorkflow } from './projenrc/build-workflow';
import { addCdktf } from './projenrc/cdktf';
import { addChatbot } from './projenrc/chatbot';
import { DEPENDENCIES, DEV_DEPENDENCIES, pinLintResolver } from './projenrc/dependencies';
import { addLifecycleTasks } from './projenrc/lifecycle-tasks';
import { addMocha, linkChatbot } from './projenrc/mocha';
import { MIN_NODE_VERSION, pinNodeRuntime } from './projenrc/node-runtime';
import { configureTypeScript, SOURCE_DIRS, DEV_DIRS } from './projenrc/typescript';
import { addApplyWorkflow } from './projenrc/workflows/apply';
import { addChatbotImageWorkflow } from './projenrc/workflows/chatbot-image';
import { loadCiSettings } from './projenrc/workflows/ci-settings';
import { addDriftWorkflow } from './projenrc/workflows/drift';
import { addLifecycleWorkflow } from './projenrc/workflows/lifecycle';
import { addPlanWorkflow } from './projenrc/workflows/plan';

const project = new typescript.TypeScriptAppProject({
  name: 'ai-chatbot-platform',
  description: 'AI Q&A chatbot platform on AWS: cdktf stacks, EKS add-ons, GitOps delivery and CI workflows',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  minNodeVersion: MIN_NODE_VERSION,
  projenrcTs: true,
  projenVersion: '0.103.25',
  typescriptVersion: '5.9.3',
  runner: TypeScriptRunner.tsx(),
  // One tsconfig for everything: nothing is compiled, so a separate test config adds nothing.
  disableTsconfigDev: true,
  deps: DEPENDENCIES,
  devDeps: DEV_DEPENDENCIES,
  // mocha + chai replace jest (see projenrc/mocha.ts)
  jest: false,
  eslint: true,
  eslintOptions: { dirs: SOURCE_DIRS, devdirs: DEV_DIRS },
  prettier: false,
  sampleCode: false,
  // The build workflow is ours (projenrc/build-workflow.ts); no release or upgrade automation.
  buildWorkflow: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  github: true,
  githubOptions: { mergify: false, pullRequestLint: false },
  gitignore: ['cdktf.out/', 'terraform.*.tfstate*', '.terraform/', 'test-results.json', '.bench/', '.scratch/'],
});

// Plan fixtures include terraform error logs (`<stack>.log`), which projen's `*.log` rule would drop.
project.gitignore.include('/test/fixtures/**/*.log');
configureTypeScript(project);
pinNodeRuntime(project);
pinLintResolver(project);
addCdktf(project);
addMocha(project);
addLifecycleTasks(project);
addBuildWorkflow(project);
// CI/CD workflows (docs/ci-workflows.md): role ARNs, regions and environments come from config/.
const ci = loadCiSettings();
addPlanWorkflow(project, ci);
addApplyWorkflow(project, ci);
addLifecycleWorkflow(project, ci);
addChatbotImageWorkflow(project, ci);
addDriftWorkflow(project, ci);
const chatbot = addChatbot(project);
linkChatbot(project, chatbot);

project.synth();
