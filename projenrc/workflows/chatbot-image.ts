/**
 * chatbot-image.yml: every push to the default branch that touches chatbot/ is tested, built,
 * pushed to dev's ECR repository as `<short sha>` and rolled out by bumping dev's overlay in
 * gitops/ (the jobs of chatbot-release.ts). Prod is promoted on purpose, with lifecycle.yml
 * `deploy` and environment `prod`.
 */
import type { github, typescript } from 'projen';
import { chatbotReleaseJobs } from './chatbot-release';
import type { CiSettings } from './ci-settings';
import { restrictWorkflow } from './workflow-steps';

/** Adds chatbot-image.yml; pushes release to `devEnvironment`, which config/ must list. */
export function addChatbotImageWorkflow(project: typescript.TypeScriptProject, settings: CiSettings, devEnvironment = 'dev'): github.GithubWorkflow {
  const gh = project.github;
  if (!gh) throw new Error('addChatbotImageWorkflow: the project has GitHub support turned off');
  if (!settings.environments.some((e) => e.name === devEnvironment)) {
    throw new Error(`addChatbotImageWorkflow: config/project.yaml has no environment "${devEnvironment}" to release pushes to`);
  }
  const workflow = gh.addWorkflow('chatbot-image');
  workflow.on({ push: { branches: [settings.defaultBranch], paths: ['chatbot/**'] } });
  // Queued pushes collapse to the newest; a running release is never cancelled half-way.
  restrictWorkflow(workflow, { group: 'chatbot-image', cancelInProgress: false });
  workflow.addJobs(chatbotReleaseJobs(settings, { environment: devEnvironment }));
  return workflow;
}
