import { getEventListeners } from 'node:events';
import { expect } from 'chai';
import { AbortableEvents } from '../../src/providers/abortable-events';

/** An iterator whose reads settle only when the test says so. */
class ManualIterator<T> implements AsyncIterator<T> {
  readonly reads: Array<{ resolve: (result: IteratorResult<T>) => void; reject: (reason: unknown) => void }> = [];

  next(): Promise<IteratorResult<T>> {
    return new Promise((resolve, reject) => this.reads.push({ resolve, reject }));
  }
}

async function* events<T>(...values: T[]): AsyncGenerator<T> {
  yield* values;
}

/** Resolves with what `promise` settled with, or 'pending' after a few turns of the event loop. */
async function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown } | 'pending'> {
  return Promise.race([
    promise.then((value) => ({ value }), (error: unknown) => ({ error })),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), 20)),
  ]);
}

describe('AbortableEvents', () => {
  it('reads the events in order, then done', async () => {
    const reader = new AbortableEvents(events('a', 'b'), new AbortController().signal);
    expect(await reader.next()).to.deep.equal({ done: false, value: 'a' });
    expect(await reader.next()).to.deep.equal({ done: false, value: 'b' });
    expect((await reader.next()).done).to.equal(true);
  });

  it('reads a missing stream as an empty one', async () => {
    const reader = new AbortableEvents<string>(undefined, new AbortController().signal);
    expect(await reader.next()).to.deep.equal({ done: true, value: undefined });
  });

  it('rejects a pending read with the abort reason at once, though the stream never settles it', async () => {
    const controller = new AbortController();
    const source = new ManualIterator<string>();
    const reader = new AbortableEvents(source, controller.signal);
    const read = reader.next();
    expect(await settled(read)).to.equal('pending');
    const reason = new Error('client left');
    controller.abort(reason);
    expect(await settled(read)).to.deep.equal({ error: reason });
  });

  it('rejects at once, without reading, when the signal already aborted', async () => {
    const controller = new AbortController();
    const source = new ManualIterator<string>();
    const reader = new AbortableEvents(source, controller.signal);
    const reason = new Error('deadline');
    controller.abort(reason);
    expect(await settled(reader.next())).to.deep.equal({ error: reason });
    expect(source.reads).to.have.length(0);
  });

  it('passes on the stream\'s own error', async () => {
    const source = new ManualIterator<string>();
    const reader = new AbortableEvents(source, new AbortController().signal);
    const read = reader.next();
    const failure = new Error('stream cut');
    source.reads[0]!.reject(failure);
    expect(await settled(read)).to.deep.equal({ error: failure });
  });

  it('drops a result or an error that arrives after the abort, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const controller = new AbortController();
      const source = new ManualIterator<string>();
      const reader = new AbortableEvents(source, controller.signal);
      const read = reader.next();
      controller.abort(new Error('stop'));
      await settled(read);
      source.reads[0]!.reject(new Error('late failure'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('adds one abort listener per stream, not one per read, and dispose() removes it', async () => {
    const controller = new AbortController();
    const reader = new AbortableEvents(events(1, 2, 3), controller.signal);
    for (let i = 0; i < 4; i++) await reader.next();
    expect(getEventListeners(controller.signal, 'abort')).to.have.length(1);
    reader.dispose();
    expect(getEventListeners(controller.signal, 'abort')).to.have.length(0);
  });
});
