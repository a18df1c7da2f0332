// The soak's verdict from ops/load/run's figures: p99 drift (last window vs first) under 10 % for search and the
// other APIs (a drift within 20 ms counts as none: on a shared box that is one scheduling quantum or two), and
// per replica heap after a full GC, threads and database connections back to the baseline (heap within
// 20 % or 32 MiB, threads within 10, connections not above the baseline).
//   node soak-verdict.mjs FIGURES BASELINE AFTER
const [figures, base, after] = process.argv.slice(2);
const p99 = name => Number((figures.split('\n').find(l => l.startsWith(name + ' ')) ?? '').match(/ok_p99=(\d+)/)?.[1]);
const per = text => Object.fromEntries(text.split('\n').filter(Boolean).map(l => {
  const m = l.match(/replica (\d+): heap (\d+) MiB, threads (\d+), db connections (\d+)/);
  return m ? [m[1], { heap: +m[2], threads: +m[3], db: +m[4] }] : [l, null];
}).filter(([, v]) => v));
let failed = 0;
const line = (ok, text) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}`); if (!ok) failed++; };
for (const api of ['search', 'other APIs']) {
  const early = p99(`${api} (early)`), late = p99(`${api} (late)`);
  const drift = (late - early) / early;
  line(Number.isFinite(drift) && (drift < 0.10 || late - early <= 20),
    `${api} p99 first window ${early} ms, last window ${late} ms: drift ${(100 * drift).toFixed(1)} %`);
}
const b = per(base), a = per(after);
for (const r of Object.keys(b)) {
  const x = b[r], y = a[r];
  if (!y) { line(false, `replica ${r}: no figures after the soak`); continue; }
  line(y.heap <= Math.max(x.heap * 1.2, x.heap + 32), `replica ${r}: heap after GC ${x.heap} -> ${y.heap} MiB`);
  line(y.threads <= x.threads + 10, `replica ${r}: threads ${x.threads} -> ${y.threads}`);
  line(y.db <= x.db, `replica ${r}: database connections ${x.db} -> ${y.db}`);
}
process.exit(failed ? 1 : 0);
