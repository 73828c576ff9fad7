import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { docsSample, DOCS_FILE, README_FILE, readmeSample, sampleInDocs } from './docs-sample';

const REFRESH = 'run `npx tsx test/tools/plan-comment/docs-sample.ts` to refresh it';

describe('docs/plan-comments.md and README.md', () => {
  it(`docs show the comment source the renderer makes today (${REFRESH})`, () => {
    expect(sampleInDocs(readFileSync(DOCS_FILE, 'utf8'))).to.equal(docsSample());
  });

  it(`the README shows the comment the renderer makes today, rendered (${REFRESH})`, () => {
    expect(sampleInDocs(readFileSync(README_FILE, 'utf8'))).to.equal(readmeSample());
  });
});
