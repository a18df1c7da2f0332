// Reads a Gatling report's js/stats.js and prints, for each named group or request, the counts and the
// percentiles of its OK (accepted) requests: 50, 75, 95, 99 (Gatling's default percentiles 1-4).
//   node stats.mjs REPORT/js/stats.js NAME...
import fs from 'node:fs';

const stats = new Function(fs.readFileSync(process.argv[2], 'utf8') + '; return stats;')();
const found = new Map();
(function walk(node) {
  if (node.name) found.set(node.name, node.stats);
  for (const child of Object.values(node.contents ?? {})) walk(child);
})(stats);
for (const name of process.argv.slice(3)) {
  const s = found.get(name);
  if (!s) { console.log(`${name} n=0`); continue; }
  console.log(`${name} n=${s.numberOfRequests.total} ok=${s.numberOfRequests.ok} ko=${s.numberOfRequests.ko}`
    + ` ok_p50=${s.percentiles1.ok} ok_p75=${s.percentiles2.ok} ok_p95=${s.percentiles3.ok} ok_p99=${s.percentiles4.ok}`);
}
