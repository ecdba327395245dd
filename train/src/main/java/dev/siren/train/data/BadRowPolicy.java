package dev.siren.train.data;

/** What to do with rows that cannot be used (missing label, empty text, invalid JSON...). Both report them. */
public enum BadRowPolicy {
    /** Report each bad row and go on without it. */
    SKIP,
    /** Stop at the first bad row with an error naming it. */
    FAIL
}
