package io.docchat.indexer;

import io.docchat.elastic.testing.TestServices;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The packaged indexer ({@code *-exec.jar}) run as its own process, the way the README runs it. */
public final class ChildIndexer {

    private ChildIndexer() {
    }

    public static Path execJar() throws IOException {
        Path target = TestServices.root().resolve("batch-indexer/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("docchat-batch-indexer-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no exec jar in " + target + ": run mvn package first"));
        }
    }

    public static Process start(Map<String, String> properties, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("-Xmx1g");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-jar");
        command.add(execJar().toString());
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
