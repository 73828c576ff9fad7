/**
 * Preloaded into a benchmarked server process (`node --import tsx --import ./bench/rss-reporter.ts …`)
 * so the benchmark can ask it, over the IPC channel, for its own resident set size: the figure
 * must be the server's, not the load generator's.
 */
process.on('message', (message: unknown) => {
  if (message === 'rss') process.send?.({ rss: process.memoryUsage().rss });
});
