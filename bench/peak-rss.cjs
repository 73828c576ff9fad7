// Preloaded into a benchmarked process (node --require): at exit, write its peak resident set size
// (bytes) to the file named by BENCH_RSS_FILE. Node's maxRSS is in kilobytes.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
}
