package dev.siren.train.agent;

import dev.siren.tokenizer.chat.Conversation;

/** One training example: a conversation (with its tools), harmful (1) or not (0), and the data source it came from. */
public record LabeledConversation(Conversation conversation, int label, String source) {
}
