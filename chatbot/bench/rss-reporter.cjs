/**
 * Preloaded into a benchmarked server process (`node --require ./bench/rss-reporter.cjs …`) so
 * the benchmark can ask it, over the IPC channel, for its own resident set size: the figure must
 * be the server's, not the load generator's. Plain JavaScript, so the bundled servers run
 * without tsx.
 */
process.on('message', (message) => {
  if (message === 'rss') process.send?.({ rss: process.memoryUsage().rss });
});
