/**
 * The page of a service that cannot answer yet (no AWS credentials, say): a notice under the
 * header gives the server's reason, the composer explains that sending waits, nothing is sent,
 * and once the service turns ready the page notices by itself and sending works.
 */
import { expect } from 'chai';
import { send, useChatPages, waitForAnswer } from './support/chat-page';
import { RecordingProvider } from './support/recording-provider';
import { LocalProvider } from '../../src/providers/local-provider';
import { Readiness } from '../../src/readiness';

const REASON = 'no AWS credentials found: Could not load credentials from any providers; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; '
  + 'in EKS, check the chatbot\'s Pod Identity association (see chatbot/README.md)';
const PAUSED_HINT = 'Sending is paused until the service is ready (see the notice above); this page checks again by itself.';

describe('chat page: service not ready (Chromium)', () => {
  const openChat = useChatPages();

  it('shows the reason, explains in the composer that sending waits, and resumes by itself once ready', async () => {
    const readiness = new Readiness(REASON);
    const provider = new RecordingProvider(new LocalProvider({ delayMs: 0 }));
    const { page } = await openChat({ provider, readiness });
    const notice = page.locator('#service-status');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.textContent()).to.equal(`The chatbot cannot answer yet: ${REASON}`);
    expect(await notice.getAttribute('role')).to.equal('alert');
    const hint = page.locator('#composer-hint');
    expect(await hint.textContent()).to.equal(PAUSED_HINT);
    expect(await page.locator('#message').getAttribute('aria-describedby')).to.equal('composer-hint');
    expect(await page.locator('#send').isDisabled()).to.equal(true);

    // Enter sends nothing, and what was typed stays for later.
    await send(page, 'Hello');
    expect(await page.locator('#message').inputValue()).to.equal('Hello');
    expect(await page.locator('#conversation .turn').count()).to.equal(0);
    expect(provider.requests).to.have.length(0);

    readiness.markReady();
    await notice.waitFor({ state: 'hidden', timeout: 5000 });
    expect(await hint.textContent()).to.equal('Enter sends · Shift+Enter adds a new line · Esc stops');
    expect(await page.locator('#send').isDisabled()).to.equal(false);
    await page.locator('#message').press('Enter');
    const answer = await waitForAnswer(page, 'done');
    expect(await answer.locator('.turn-body').textContent()).to.contain('Hello');
    expect(provider.requests).to.have.length(1);
  });

  it('keeps the notice and the composer\'s explanation on a phone, without sideways scrolling', async () => {
    const { page } = await openChat({ readiness: new Readiness(REASON), viewport: { width: 360, height: 740 } });
    await page.locator('#service-status').waitFor({ state: 'visible' });
    expect(await page.locator('#composer-hint').isVisible(), 'the keyboard hints hide on phones; the explanation must not').to.equal(true);
    const widths = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, send: document.getElementById('send')!.getBoundingClientRect().right }));
    expect(widths.document).to.be.at.most(360);
    expect(widths.send).to.be.at.most(360);
  });
});
