package io.docchat.elastic.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds an artifact in the local Maven repository, asking Maven to fetch it when it is not there yet. */
final class MavenArtifact {

    private MavenArtifact() {
    }

    static Path resolve(String group, String artifact, String version, String type) throws IOException, InterruptedException {
        Path file = localRepository().resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + "." + type);
        if (Files.exists(file)) {
            return file;
        }
        String coordinates = group + ":" + artifact + ":" + version + ":" + type;
        LocalElasticsearch.log("fetching " + coordinates + " through Maven");
        Process p = new ProcessBuilder(List.of("mvn", "-q", "-B", "dependency:get", "-Dtransitive=false",
                "-Dartifact=" + coordinates)).inheritIO().start();
        if (p.waitFor() != 0 || !Files.exists(file)) {
            throw new IOException("could not fetch " + coordinates + " with Maven (is mvn on the PATH and Maven Central reachable?)");
        }
        return file;
    }

    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local", System.getenv("MAVEN_REPO_LOCAL"));
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }
}
