#!/usr/bin/env python3
"""The relevance floor's calibration grid, from the signal files of one eval run with the floor reading every
query's page (ops/bench/run eval ... --search floor.min-knn-score=1.0): for each pair of thresholds, how many
judged queries it would stop and how much nonsense, and Recall@10 of product-hybrid without and with it.

    ops/bench/floor_grid.py RESULTS_DIR    (reads relevance-floor-<collection>.tsv and
                                            <collection>-*-per-query.tsv, a *floor* one first)
"""
import csv, glob, os, sys

GRID = [(k, c) for k in (0.78, 0.79, 0.80, 0.81, 0.82) for c in (0.34, 0.5, 0.67, 1.01)]


def stopped(r, k, c):
    if r['kind'] == 'garbage':
        return True  # no letter or digit, so no terms: RelevanceFloor stops it whatever its vector
    cov = 0.0 if r['coverage'] == '-' else float(r['coverage'])
    return not (float(r['top_knn']) >= k or (cov >= c and cov > 0))


def main(folder):
    for signals in sorted(glob.glob(os.path.join(folder, 'relevance-floor-*.tsv'))):
        name = os.path.basename(signals)[len('relevance-floor-'):-4]
        rows = list(csv.DictReader(open(signals), delimiter='\t'))
        # the run's own per-query file: one named *floor* where a results folder holds several
        per_query = sorted(glob.glob(os.path.join(folder, name + '-*floor*-per-query.tsv'))) \
            or sorted(glob.glob(os.path.join(folder, name + '-*-per-query.tsv')))
        hybrid = {}
        if per_query:
            for r in csv.DictReader(open(per_query[0]), delimiter='\t'):
                if r['mode'] == 'product-hybrid':
                    hybrid[r['query_id']] = float(r['recall@10'])
        judged = [r for r in rows if r['kind'] == 'judged']
        knn = sorted(float(r['top_knn']) for r in judged)
        print(f'\n{name}: {len(judged)} judged queries; best kNN score min {knn[0]:.4f}, 1% {knn[len(knn) // 100]:.4f}, '
              f'median {knn[len(knn) // 2]:.4f}')
        for kind in ('garbage', 'letters', 'words'):
            v = sorted(float(r['top_knn']) for r in rows if r['kind'] == kind)
            print(f'  {kind}: best kNN score max {v[-1]:.4f}, median {v[len(v) // 2]:.4f}')
        print('| min-knn-score | min-coverage | judged stopped | judged with a relevant hit stopped | Recall@10 without / with '
              '| garbage / letters / words stopped |')
        print('|---|---|---|---|---|---|')
        for k, c in GRID:
            stop = [r for r in judged if stopped(r, k, c)]
            lost = sum(1 for r in stop if hybrid.get(r['query_id'], 0) > 0)
            recall = ''
            if hybrid:
                without = sum(hybrid.values()) / len(hybrid)
                ids = {r['query_id'] for r in stop}
                with_floor = sum(0 if q in ids else v for q, v in hybrid.items()) / len(hybrid)
                recall = f'{without:.4f} / {with_floor:.4f}'
            junk = ' / '.join(f"{sum(stopped(r, k, c) for r in rows if r['kind'] == kind)} of "
                              f"{sum(1 for r in rows if r['kind'] == kind)}" for kind in ('garbage', 'letters', 'words'))
            print(f"| {k:.2f} | {'off' if c > 1 else c} | {len(stop)} of {len(judged)} | {lost} | {recall} | {junk} |")


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'ops/bench/results')
