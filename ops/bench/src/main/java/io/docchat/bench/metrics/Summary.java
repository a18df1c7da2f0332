package io.docchat.bench.metrics;

import java.util.List;

/** Means over queries (every query with judgements counts, including those the system returned nothing for). */
public record Summary(int queries, double ndcg10, double recall10, double recall100, double mrr10) {

    public static Summary of(List<QueryScores> perQuery) {
        int n = perQuery.size();
        if (n == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        return new Summary(n,
                perQuery.stream().mapToDouble(QueryScores::ndcg10).sum() / n,
                perQuery.stream().mapToDouble(QueryScores::recall10).sum() / n,
                perQuery.stream().mapToDouble(QueryScores::recall100).sum() / n,
                perQuery.stream().mapToDouble(QueryScores::mrr10).sum() / n);
    }
}
