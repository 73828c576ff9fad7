import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { bumpImageTag, ImageTagError, validateImageTag } from '../../../tools/image-tag/src/bump';

const OVERLAYS = join(__dirname, '..', '..', '..', 'gitops', 'apps', 'chatbot', 'overlays');

const KUSTOMIZATION = `# The chatbot in dev.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization

# CI bumps newTag after it pushes an image.
images:
  - name: sidecar # not this one
    newName: example.com/sidecar
    newTag: 'keep-me'
  - name: chatbot
    newName: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/qa-dev/chatbot
    newTag: "0.1.0"   # bumped by CI

patches:
  - path: patch-replicas.yaml
`;

describe('tools/image-tag bumpImageTag', () => {
  it('changes only the characters of the tag: comments, quoting and other entries stay byte-for-byte', () => {
    const result = bumpImageTag({ source: KUSTOMIZATION, image: 'chatbot', tag: 'a1b2c3d' });
    expect(result.changed).to.equal(true);
    expect(result.previousTag).to.equal('0.1.0');
    expect(result.text).to.equal(KUSTOMIZATION.replace('newTag: "0.1.0"', 'newTag: "a1b2c3d"'));
  });

  it('is idempotent: bumping to the tag already set returns the same text, unchanged', () => {
    const once = bumpImageTag({ source: KUSTOMIZATION, image: 'chatbot', tag: 'a1b2c3d' });
    const twice = bumpImageTag({ source: once.text, image: 'chatbot', tag: 'a1b2c3d' });
    expect(twice.changed).to.equal(false);
    expect(twice.text).to.equal(once.text);
  });

  it('keeps single quotes, and quotes a plain tag that would otherwise read back as a number', () => {
    const single = bumpImageTag({ source: KUSTOMIZATION, image: 'sidecar', tag: 'v2' });
    expect(single.text).to.contain("newTag: 'v2'");
    const plain = 'images:\n  - name: chatbot\n    newTag: v1\n';
    expect(bumpImageTag({ source: plain, image: 'chatbot', tag: 'abc1234' }).text).to.equal('images:\n  - name: chatbot\n    newTag: abc1234\n');
    const numeric = bumpImageTag({ source: plain, image: 'chatbot', tag: '1234567' }).text;
    expect(numeric).to.equal('images:\n  - name: chatbot\n    newTag: "1234567"\n');
    expect(parse(numeric).images[0].newTag).to.equal('1234567');
  });

  it('adds newTag to an entry that has none', () => {
    const source = 'images:\n  - name: chatbot\n    newName: repo/chatbot\n';
    const result = bumpImageTag({ source, image: 'chatbot', tag: 'abc1234' });
    expect(result.previousTag).to.equal(undefined);
    expect(parse(result.text).images[0]).to.deep.equal({ name: 'chatbot', newName: 'repo/chatbot', newTag: 'abc1234' });
  });

  for (const env of ['dev', 'prod']) {
    it(`bumps the real ${env} overlay, leaving every other byte (and its comments) in place`, () => {
      const source = readFileSync(join(OVERLAYS, env, 'kustomization.yaml'), 'utf8');
      const before = parse(source).images.find((i: { name: string }) => i.name === 'chatbot').newTag as string;
      const result = bumpImageTag({ source, image: 'chatbot', tag: 'f00dbab' });
      expect(result.text).to.equal(source.replace(`newTag: "${before}"`, 'newTag: "f00dbab"'));
      expect(result.text.match(/^\s*#/gm)?.length).to.equal(source.match(/^\s*#/gm)?.length);
    });
  }

  describe('expected newName (--new-name): the tag moves only on the image that was pushed', () => {
    const pushed = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/qa-dev/chatbot';

    it('bumps when newName is the repository the tag was pushed to', () => {
      expect(bumpImageTag({ source: KUSTOMIZATION, image: 'chatbot', tag: 'a1b2c3d', expectedName: pushed }).changed).to.equal(true);
    });

    it('refuses, naming both repositories, when newName points elsewhere or is missing', () => {
      const elsewhere = KUSTOMIZATION.replace(pushed, 'registry.example.com/chatbot');
      expect(() => bumpImageTag({ source: elsewhere, image: 'chatbot', tag: 'a1b2c3d', expectedName: pushed, file: 'k.yaml' }))
        .to.throw(ImageTagError, `k.yaml: "chatbot" has "registry.example.com/chatbot", not "${pushed}"`);
      const missing = KUSTOMIZATION.replace(`    newName: ${pushed}\n`, '');
      expect(() => bumpImageTag({ source: missing, image: 'chatbot', tag: 'a1b2c3d', expectedName: pushed })).to.throw(ImageTagError, 'has no newName');
    });

    it('checks before anything else: even a tag that is already set is refused on the wrong image', () => {
      const elsewhere = KUSTOMIZATION.replace(pushed, 'registry.example.com/chatbot');
      expect(() => bumpImageTag({ source: elsewhere, image: 'chatbot', tag: '0.1.0', expectedName: pushed })).to.throw(ImageTagError);
    });
  });

  describe('errors name the file and the fix', () => {
    const fails = (source: string, image: string, tag: string, message: RegExp) =>
      expect(() => bumpImageTag({ source, image, tag, file: 'overlays/dev/kustomization.yaml' })).to.throw(ImageTagError, message);

    it('a file without an images list', () => fails('kind: Kustomization\n', 'chatbot', 'abc1234', /overlays\/dev\/kustomization\.yaml: no "images" list/));
    it('images that is not a list', () => fails('images: {}\n', 'chatbot', 'abc1234', /"images" must be a list/));
    it('no entry with the image name, listing the names found', () =>
      fails(KUSTOMIZATION, 'web', 'abc1234', /no entry named "web" \(found: "sidecar", "chatbot"\)/));
    it('the image listed twice', () => fails('images:\n  - name: chatbot\n  - name: chatbot\n', 'chatbot', 'abc1234', /lists "chatbot" 2 times/));
    it('invalid YAML', () => fails('images: [\n', 'chatbot', 'abc1234', /not valid YAML/));
    it('a top level that is not a mapping', () => fails('- a\n- b\n', 'chatbot', 'abc1234', /expected a Kustomization/));
  });

  describe('tag validation', () => {
    for (const good of ['a1b2c3d', 'v1.2.3', '1234567', '_build-7', 'x'.repeat(128)]) {
      it(`accepts "${good.length > 20 ? `${good.slice(0, 8)}... (${good.length} chars)` : good}"`, () => expect(() => validateImageTag(good)).not.to.throw());
    }
    for (const bad of ['', '-abc', '.abc', 'a/b', 'a:b', 'a b', 'x'.repeat(129), 'latest']) {
      it(`rejects "${bad.length > 20 ? `${bad.slice(0, 8)}... (${bad.length} chars)` : bad}"`, () => expect(() => validateImageTag(bad)).to.throw(ImageTagError));
    }
    it('rejects before touching the document', () => {
      expect(() => bumpImageTag({ source: 'not: [valid', image: 'chatbot', tag: 'latest' })).to.throw(/moves between builds/);
    });
  });
});
