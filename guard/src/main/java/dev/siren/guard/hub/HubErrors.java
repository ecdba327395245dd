package dev.siren.guard.hub;

import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * Turns the Hub's error answers into messages that say what to do. The Hub names the case in X-Error-Code
 * (GatedRepo, RepoNotFound, RevisionNotFound, EntryNotFound) and explains in X-Error-Message; it answers 401 for
 * repos that do not exist or are private when no token is sent.
 */
final class HubErrors {

    private HubErrors() {
    }

    /** {@code repoId}, {@code revision} and {@code filename} may be null when not known (e.g. a CDN answer). */
    static HubException from(HubSettings settings, int status, HttpHeaders headers, URI url, String repoId,
                             String revision, String filename) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String serverMessage = headers.firstValue("X-Error-Message").map(m -> " (Hub: " + HubNames.show(m) + ")")
                .orElse("");
        String repo = repoId == null ? url.toString() : "'" + repoId + "'";
        String tokenAdvice = settings.token() == null
                ? "set HF_TOKEN (or log in with `hf auth login`) to a token with access"
                : "the token in use (HF_TOKEN or $HF_HOME/token) has no access to it";
        if (code.equals("GatedRepo") || status == 403) {
            return new HubException("repository " + repo + " is gated: request access at " + settings.endpoint() + "/"
                    + (repoId == null ? "" : repoId) + " and " + tokenAdvice + serverMessage);
        }
        if (code.equals("RepoNotFound") || status == 401) {
            return new HubException("repository " + repo + " was not found, or it is private or gated: check the"
                    + " name, or " + tokenAdvice + serverMessage);
        }
        if (code.equals("RevisionNotFound")) {
            return new HubException("revision '" + revision + "' does not exist in repository " + repo + serverMessage);
        }
        if (code.equals("EntryNotFound") || status == 404) {
            return new HubException("file '" + filename + "' does not exist in repository " + repo + " at revision '"
                    + revision + "'" + serverMessage);
        }
        return new HubException("HTTP " + status + " from " + url + serverMessage);
    }
}
