import { NODE_VERSION_FILE } from '../node-runtime';

/**
 * Every third-party action the workflows use, pinned by full commit SHA (a tag can be moved; a
 * commit cannot), with the release tag in the comment. Each SHA is the commit its release tag
 * points at (`git show-ref --tags -d` on a clone of the action's repository; for annotated tags,
 * the peeled `^{}` commit). Bump them together, deliberately: all are the latest release of
 * their major line, on the node24 runtime.
 */
export const PINNED_ACTIONS = {
  checkout: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', // v7.0.1
  setupNode: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020', // v7.0.0
  setupTerraform: 'hashicorp/setup-terraform@dfe3c3f87815947d99a8997f908cb6525fc44e9e', // v4.0.1
  configureAwsCredentials: 'aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c', // v6.2.3
  uploadArtifact: 'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', // v7.0.0
  downloadArtifact: 'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', // v8.0.1
  amazonEcrLogin: 'aws-actions/amazon-ecr-login@03f1aad4c6c7ffd436567f42f9384779290529bd', // v2.1.7
  setupBuildx: 'docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e', // v4.3.0
  buildPush: 'docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a', // v7.3.0
} as const;

/** Tool versions shared by every workflow. */
export const TOOL_VERSIONS = {
  /** The pinned Node release, read by actions/setup-node from this file (projenrc/node-runtime.ts). */
  nodeVersionFile: NODE_VERSION_FILE,
  /** >= 1.10 for the S3 backend's native locking (`use_lockfile`). */
  terraform: '1.11.4',
} as const;
