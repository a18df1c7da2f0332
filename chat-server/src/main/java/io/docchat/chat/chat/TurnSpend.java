package io.docchat.chat.chat;

import java.math.BigDecimal;

/** What a turn spent before the answer call (the condense step), and the question it settled on. */
record TurnSpend(BigDecimal cost, int tokens, String standalone) {
}
