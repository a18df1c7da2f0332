package io.docchat.bench.eval;

import io.docchat.bench.metrics.Ranked;

import java.util.List;

/** One retrieval mode under evaluation: a query in, documents (not chunks) with scores out, best first. */
interface Retriever {

    String name();

    List<Ranked> retrieve(String queryId, String query, int depth);
}
