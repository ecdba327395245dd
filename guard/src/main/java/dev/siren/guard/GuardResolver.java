package dev.siren.guard;

import dev.siren.engine.Backbone;
import dev.siren.engine.BackboneLocation;
import dev.siren.engine.bert.EmbeddedBertModel;
import dev.siren.guard.agent.AgentHead;
import dev.siren.guard.agent.AgentHeadReader;
import dev.siren.guard.agent.AgentSirenGuard;
import dev.siren.guard.head.HeadFiles;
import dev.siren.guard.head.HeadReader;
import dev.siren.guard.head.InvalidHeadException;
import dev.siren.guard.head.SirenHead;
import dev.siren.guard.hub.HubClient;
import dev.siren.guard.hub.HubException;
import dev.siren.guard.hub.HubNames;
import dev.siren.guard.hub.HubSettings;
import dev.siren.tokenizer.chat.ChatFormat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds and loads the three parts of a guard: the head (a folder, or a Hub repo holding siren_config.json and
 * siren.safetensors), the backbone the head names (a folder, or a Hub repo at the head's pinned revision) and
 * the backbone's tokenizer.
 */
final class GuardResolver {

    /** Opens a backbone and its tokenizer. */
    interface ModelOpener {
        Backbone openBackbone(BackboneLocation location, GuardOptions options);

        TokenEncoder openTokenizer(BackboneLocation location);

        /** The backbone's chat template (the plain format for embedded encoders, which have none). */
        default ChatFormat openChatFormat(BackboneLocation location) {
            return location instanceof BackboneLocation.Folder folder ? ChatFormat.forTokenizer(folder.dir())
                    : ChatFormat.plain();
        }
    }

    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    /**
     * What a backbone needs from its repo: config, tokenizer, chat template (Agent-SIREN heads render with it),
     * safetensors weights (not .bin/.gguf/.onnx copies).
     */
    private static final Set<String> BACKBONE_FILES = Set.of("config.json", "tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "chat_template.jinja", "model.safetensors.index.json");

    private GuardResolver() {
    }

    /** Loads a SIREN head's guard; an Agent-SIREN head is refused with a pointer to {@link #loadAny}. */
    static SirenGuard load(String repoIdOrPath, GuardOptions options, ModelOpener opener) {
        return (SirenGuard) load(repoIdOrPath, options, opener, false);
    }

    /** Loads the guard of whichever head the folder holds: a SIREN head or an Agent-SIREN head. */
    static Guard loadAny(String repoIdOrPath, GuardOptions options, ModelOpener opener) {
        return load(repoIdOrPath, options, opener, true);
    }

    private static Guard load(String repoIdOrPath, GuardOptions options, ModelOpener opener, boolean agentHeads) {
        SirenHead head = null;
        AgentHead agentHead = null;
        BackboneLocation location;
        try (HubClient hub = new HubClient(options.hub() != null ? options.hub() : HubSettings.fromEnvironment(),
                options.progress())) {
            Path headDir = resolveHead(repoIdOrPath, options.revision(), hub);
            if (AgentHeadReader.isAgentHead(headDir)) {
                if (!agentHeads) {
                    throw new InvalidHeadException(headDir + " holds an Agent-SIREN head (a conversation-level"
                            + " readout), not a SIREN head: load it with Guards.fromPretrained");
                }
                agentHead = AgentHeadReader.read(headDir);
                location = resolveBackbone(agentHead.backboneId(), agentHead.backboneRevision(), options.backbone(),
                        headDir, hub);
            } else {
                head = HeadReader.read(headDir);
                location = resolveBackbone(head.backbone().id(), head.backbone().revision(), options.backbone(),
                        headDir, hub);
            }
        }
        Backbone backbone = opener.openBackbone(location, options);
        try {
            TokenEncoder tokenizer = opener.openTokenizer(location);
            return head != null ? new SirenGuard(head, backbone, tokenizer, options)
                    : new AgentSirenGuard(agentHead, backbone, tokenizer, opener.openChatFormat(location), options);
        } catch (RuntimeException e) {
            backbone.close();
            throw e;
        }
    }

    /**
     * The head folder: a shipped guard ({@link Guards#SHIPPED_NAMES}), a local folder, else a Hub repo. A name written like a
     * path that is not a folder fails at once; an 'owner/name' that is not one is looked up on the Hub, after a quick
     * check that the Hub can be reached at all, and an error then says that both were tried.
     */
    static Path resolveHead(String repoIdOrPath, String revision, HubClient hub) {
        if (ShippedGuard.isShipped(repoIdOrPath)) {
            return ShippedGuard.headFolder(repoIdOrPath);
        }
        Optional<Path> local = existingFolder(repoIdOrPath);
        if (local.isPresent()) {
            return local.get();
        }
        if (looksLikePath(repoIdOrPath)) {
            throw new IllegalArgumentException("no such folder: " + repoIdOrPath);
        }
        if (!REPO_ID.matcher(repoIdOrPath).matches()) {
            throw new IllegalArgumentException("no such folder: " + repoIdOrPath + " (nor a shipped guard: "
                    + String.join(", ", ShippedGuard.names()) + "; nor a Hugging Face repo id, 'owner/name')");
        }
        String notLocal = "no local folder '" + repoIdOrPath + "', and the Hugging Face Hub ";
        HubSettings settings = hub.settings();
        if (!settings.offline() && hub.cache().cachedCommit(repoIdOrPath, revision).isEmpty()) {
            HubProbe.unreachable(settings.endpoint(), HubProbe.TIMEOUT).ifPresent(why -> {
                throw new HubException(notLocal + "could not be reached: " + why + " (" + settings.endpoint() + ")");
            });
        }
        try {
            return hub.snapshot(repoIdOrPath, revision,
                    name -> name.equals(HeadFiles.CONFIG) || name.equals(HeadFiles.WEIGHTS));
        } catch (HubException e) {
            throw new HubException(notLocal + "could not provide it: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a name can only be meant as a path: it starts with '.', '/' or '~', ends with a separator, or has more
     * separators than the one of a Hub repo id.
     */
    static boolean looksLikePath(String name) {
        String slashes = name.replace(File.separatorChar, '/');
        return slashes.startsWith(".") || slashes.startsWith("/") || slashes.startsWith("~") || slashes.endsWith("/")
                || slashes.indexOf('/') != slashes.lastIndexOf('/');
    }

    /**
     * The backbone: the override or the head's backbone id, as a folder (absolute or relative to the working
     * directory), an embedded encoder name ({@link BackboneLocation#find}), a folder relative to the head folder,
     * else a Hub repo, pinned to the head's revision unless the user chose another backbone.
     */
    static BackboneLocation resolveBackbone(String id, String pinnedRevision, String override, Path headDir,
                                            HubClient hub) {
        String name = override != null ? override : id;
        Optional<BackboneLocation> found = BackboneLocation.find(name, headDir);
        if (found.isPresent()) {
            return found.get();
        }
        if (!REPO_ID.matcher(name).matches()) {
            throw new IllegalArgumentException("backbone '" + name + "' (named by " + (override != null
                    ? "the backbone option" : headDir.resolve(HeadFiles.CONFIG)) + ") is not a folder, not an"
                    + " embedded encoder (" + EmbeddedBertModel.names() + ") and not a Hugging Face repo id");
        }
        String revision = override == null && pinnedRevision != null
                ? HubNames.revision(pinnedRevision, headDir.resolve(HeadFiles.CONFIG) + " (backbone)")
                : "main";
        return new BackboneLocation.Folder(hub.snapshot(name, revision, GuardResolver::isBackboneFile));
    }

    static boolean isBackboneFile(String name) {
        return BACKBONE_FILES.contains(name) || (name.endsWith(".safetensors") && !name.contains("/"));
    }

    private static Optional<Path> existingFolder(String text) {
        try {
            Path path = Path.of(text);
            return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
