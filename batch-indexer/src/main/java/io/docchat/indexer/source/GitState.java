package io.docchat.indexer.source;

import org.eclipse.jgit.lib.ObjectId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a git source listed last time, kept beside its clone: the commit and each file's blob, size and
 * SHA-256. The next run compares the new commit's tree with it (the diff), and a blob seen before is not read
 * again. Losing the file costs one full hashing pass, nothing else: the manifest, not this, decides what is
 * re-indexed.
 */
final class GitState {

    /** One file of a commit. */
    record Entry(String path, ObjectId blob, long size, String sha256) {
    }

    /** A commit's listed files by path; {@code commit} is null before the first fetch. */
    record Snapshot(ObjectId commit, Map<String, Entry> files) {

        static final Snapshot NONE = new Snapshot(null, Map.of());

        Map<ObjectId, Entry> byBlob() {
            Map<ObjectId, Entry> out = new HashMap<>();
            files.values().forEach(e -> out.put(e.blob(), e));
            return out;
        }
    }

    private final Path file;

    GitState(Path file) {
        this.file = file;
    }

    Snapshot load() {
        try {
            if (!Files.exists(file)) {
                return Snapshot.NONE;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            ObjectId commit = ObjectId.fromString(lines.getFirst());
            Map<String, Entry> files = new TreeMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", 4);
                files.put(f[3], new Entry(f[3], ObjectId.fromString(f[0]), Long.parseLong(f[1]), f[2]));
            }
            return new Snapshot(commit, files);
        } catch (IOException | RuntimeException e) {
            return Snapshot.NONE; // unreadable or from another version: hash again
        }
    }

    void save(Snapshot s) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(s.commit().name());
        for (Entry e : s.files().values()) {
            if (e.path().indexOf('\n') < 0 && e.path().indexOf('\r') < 0) {
                lines.add(e.blob().name() + "\t" + e.size() + "\t" + e.sha256() + "\t" + e.path());
            }
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** "a added, m modified, d deleted of n files": the diff between two listings. */
    static String diff(Snapshot before, Snapshot after) {
        int added = 0;
        int modified = 0;
        for (Entry e : after.files().values()) {
            Entry old = before.files().get(e.path());
            if (old == null) {
                added++;
            } else if (!old.blob().equals(e.blob())) {
                modified++;
            }
        }
        long deleted = before.files().keySet().stream().filter(p -> !after.files().containsKey(p)).count();
        return added + " added, " + modified + " modified, " + deleted + " deleted of " + after.files().size() + " files";
    }
}
