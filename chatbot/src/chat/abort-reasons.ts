/**
 * Why an answer's AbortController fired. The provider only sees "aborted"; the chat route reads
 * `signal.reason` to decide what the client gets (nothing when it left, an `error` event with
 * code `shutting_down` when the server is draining) and the chat service to decide whether it
 * counts as a failure.
 */

/** The client closed the connection before the answer completed. */
export class ClientDisconnected extends Error {
  constructor() {
    super('The client disconnected before the answer completed');
    this.name = 'ClientDisconnected';
  }
}

/** The drain timeout passed during shutdown while the answer was still streaming. */
export class ServerShuttingDown extends Error {
  constructor() {
    super('The server is shutting down');
    this.name = 'ServerShuttingDown';
  }
}
