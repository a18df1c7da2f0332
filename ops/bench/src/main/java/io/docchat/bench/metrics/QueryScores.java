package io.docchat.bench.metrics;

/** The four measures for one query; {@code relevant} is how many judged-relevant documents the query has. */
public record QueryScores(String queryId, double ndcg10, double recall10, double recall100, double mrr10,
                          int relevant, int retrieved) {

    public static QueryScores zero(String queryId, int relevant) {
        return new QueryScores(queryId, 0, 0, 0, 0, relevant, 0);
    }
}
