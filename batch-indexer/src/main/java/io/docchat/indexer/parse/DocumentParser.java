package io.docchat.indexer.parse;

/** Parses one format. Implementations are stateless and thread-safe. */
interface DocumentParser {

    ParsedDocument parse(String location, byte[] content) throws Exception;
}
