package dev.siren.engine.bert;

/** A BERT model (config, weights or graph) that cannot be loaded; the message names the file and what is wrong. */
public final class BertFormatException extends RuntimeException {

    public BertFormatException(String message) {
        super(message);
    }
}
