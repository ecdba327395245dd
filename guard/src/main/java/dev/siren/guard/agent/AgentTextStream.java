package dev.siren.guard.agent;

import dev.siren.guard.ScoreResult;
import dev.siren.guard.StreamSession;

/** A growing text scored as one user message, running only the tokens after the part shared with the last append. */
final class AgentTextStream implements StreamSession {

    private final AgentSirenGuard guard;
    private final LastTokenTracker tracker;
    private final StringBuilder text = new StringBuilder();

    AgentTextStream(AgentSirenGuard guard, LastTokenTracker tracker) {
        this.guard = guard;
        this.tracker = tracker;
    }

    @Override
    public ScoreResult append(String chunk) {
        return append(chunk, guard.defaultThreshold());
    }

    @Override
    public ScoreResult append(String chunk, double threshold) {
        int[] ids = guard.tokenize(AgentSirenGuard.asConversation(text + chunk));
        text.append(chunk);
        return guard.score(tracker, ids, threshold);
    }

    @Override
    public String text() {
        return text.toString();
    }

    @Override
    public int tokenCount() {
        return tracker.length();
    }

    @Override
    public void close() {
        text.setLength(0);
    }
}
