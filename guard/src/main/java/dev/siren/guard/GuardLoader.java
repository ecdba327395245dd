package dev.siren.guard;

import dev.siren.engine.Backbone;
import dev.siren.engine.bert.EmbeddedBertModel;
import dev.siren.guard.head.HeadFiles;
import dev.siren.guard.head.HeadReader;
import dev.siren.guard.head.SirenHead;
import dev.siren.guard.hub.HubClient;
import dev.siren.guard.hub.HubNames;
import dev.siren.guard.hub.HubSettings;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds and loads the three parts of a guard: the head (a folder, or a Hub repo holding siren_config.json and
 * siren.safetensors), the backbone the head names (a folder, or a Hub repo at the head's pinned revision) and
 * the backbone's tokenizer.
 */
final class GuardLoader {

    /** Opens a backbone and its tokenizer. */
    interface ModelOpener {
        Backbone openBackbone(BackboneLocation location, GuardOptions options);

        TokenEncoder openTokenizer(BackboneLocation location);
    }

    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    /** What a backbone needs from its repo: config, tokenizer, safetensors weights (not .bin/.gguf/.onnx copies). */
    private static final Set<String> BACKBONE_FILES = Set.of("config.json", "tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "model.safetensors.index.json");

    private GuardLoader() {
    }

    static SirenGuard load(String repoIdOrPath, GuardOptions options, ModelOpener opener) {
        SirenHead head;
        BackboneLocation location;
        try (HubClient hub = new HubClient(options.hub() != null ? options.hub() : HubSettings.fromEnvironment(),
                options.progress())) {
            Path headDir = resolveHead(repoIdOrPath, options.revision(), hub);
            head = HeadReader.read(headDir);
            location = resolveBackbone(head, options.backbone(), headDir, hub);
        }
        Backbone backbone = opener.openBackbone(location, options);
        try {
            return new SirenGuard(head, backbone, opener.openTokenizer(location), options);
        } catch (RuntimeException e) {
            backbone.close();
            throw e;
        }
    }

    static Path resolveHead(String repoIdOrPath, String revision, HubClient hub) {
        if (repoIdOrPath.equals(ShippedGuard.NAME)) {
            return ShippedGuard.headFolder();
        }
        Path local = asExistingFolder(repoIdOrPath);
        if (local != null) {
            return local;
        }
        if (!REPO_ID.matcher(repoIdOrPath).matches()) {
            throw new IllegalArgumentException("'" + repoIdOrPath + "' is neither a head folder (no such directory)"
                    + " nor a Hugging Face repo id ('org/name')");
        }
        return hub.snapshot(repoIdOrPath, revision,
                name -> name.equals(HeadFiles.CONFIG) || name.equals(HeadFiles.WEIGHTS));
    }

    /**
     * The backbone: the override or the head's backbone id, as a folder (absolute, relative to the working
     * directory, or relative to the head folder), else an embedded encoder name, else a Hub repo, pinned to the
     * head's revision unless the user chose another backbone.
     */
    static BackboneLocation resolveBackbone(SirenHead head, String override, Path headDir, HubClient hub) {
        String name = override != null ? override : head.backbone().id();
        Path local = asExistingFolder(name);
        if (local == null) {
            local = asExistingFolder(headDir.resolve(name).toString());
        }
        if (local != null) {
            return new BackboneLocation.Folder(local);
        }
        var embedded = EmbeddedBertModel.byName(name);
        if (embedded.isPresent()) {
            return new BackboneLocation.Embedded(embedded.get());
        }
        if (!REPO_ID.matcher(name).matches()) {
            throw new IllegalArgumentException("backbone '" + name + "' (named by " + (override != null
                    ? "the backbone option" : headDir.resolve(HeadFiles.CONFIG)) + ") is not a folder, not an"
                    + " embedded encoder (" + EmbeddedBertModel.names() + ") and not a Hugging Face repo id");
        }
        String revision = override == null && head.backbone().revision() != null
                ? HubNames.revision(head.backbone().revision(), headDir.resolve(HeadFiles.CONFIG) + " (backbone)")
                : "main";
        return new BackboneLocation.Folder(hub.snapshot(name, revision, GuardLoader::isBackboneFile));
    }

    static boolean isBackboneFile(String name) {
        return BACKBONE_FILES.contains(name) || (name.endsWith(".safetensors") && !name.contains("/"));
    }

    private static Path asExistingFolder(String text) {
        try {
            Path path = Path.of(text);
            return Files.isDirectory(path) ? path : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
