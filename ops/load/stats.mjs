// Reads a Gatling 3.14 HTML report (one page per group and per request) and prints, for each named group or
// request, the counts and the percentiles of its OK (accepted) requests: 50, 75, 95, 99 and max.
//   node stats.mjs REPORT_DIR NAME...
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const pages = new Map();
for (const f of fs.readdirSync(dir).filter(f => /^(group|req)_.*\.html$/.test(f))) {
  const html = fs.readFileSync(path.join(dir, f), 'utf8');
  const title = html.match(/<title>Gatling Stats - (.*?)<\/title>/)?.[1];
  if (!title) continue;
  const row = label => {
    const m = html.match(new RegExp(`<td class="title">${label}</td>\\s*<td class="total">([^<]*)</td>\\s*<td class="ok">([^<]*)</td>\\s*<td class="ko">([^<]*)</td>`));
    return m ? { total: m[1], ok: m[2], ko: m[3] } : { total: '-', ok: '-', ko: '-' };
  };
  // a request page's title is "group / request"; a group page's is the group's name
  if (!pages.has(title) || f.startsWith('group_')) pages.set(title, { count: row('Total count'), p50: row('50th percentile'),
    p75: row('75th percentile'), p95: row('95th percentile'), p99: row('99th percentile'), max: row('Max') });
}
for (const name of process.argv.slice(3)) {
  const s = pages.get(name);
  if (!s) { console.log(`${name} n=0`); continue; }
  const n = v => (v === '-' ? 0 : v);
  console.log(`${name} n=${n(s.count.total)} ok=${n(s.count.ok)} ko=${n(s.count.ko)}`
    + ` ok_p50=${s.p50.ok} ok_p75=${s.p75.ok} ok_p95=${s.p95.ok} ok_p99=${s.p99.ok} ok_max=${s.max.ok}`);
}
