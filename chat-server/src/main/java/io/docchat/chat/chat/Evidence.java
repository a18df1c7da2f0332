package io.docchat.chat.chat;

/**
 * What retrieval found for a question.
 *
 * @param confidence 0..1: agreement of the retrievers on the top hit and the question's word coverage
 */
record Evidence(boolean answerable, double confidence, String reason) {
}
