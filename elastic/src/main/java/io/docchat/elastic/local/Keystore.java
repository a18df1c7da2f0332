package io.docchat.elastic.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The local node's keystore, for a node started with security on (DOCCHAT_ES_BOOTSTRAP_PASSWORD). */
final class Keystore {

    private Keystore() {
    }

    /** The {@code elastic} user's first password goes into the keystore, never onto a command line. */
    static void storeBootstrapPassword(Path esHome, Path javaHome, String password) throws IOException, InterruptedException {
        Path tool = esHome.resolve("bin/elasticsearch-keystore");
        List<String> env = new ArrayList<>();
        boolean exists = Files.exists(esHome.resolve("config/elasticsearch.keystore"));
        if (exists && LocalElasticsearch.isRoot()) {
            // the keystore tool refuses to change the file's owner: update it as the user that runs the node
            env.addAll(List.of("runuser", "-u", LocalElasticsearch.SERVICE_USER, "--"));
        }
        env.addAll(List.of("env", "ES_JAVA_HOME=" + javaHome, "ES_PATH_CONF=" + esHome.resolve("config")));
        if (!exists) {
            List<String> create = new ArrayList<>(env);
            create.addAll(List.of(tool.toString(), "create"));
            if (LocalElasticsearch.run(create) != 0) {
                throw new IOException("cannot create the Elasticsearch keystore in " + esHome.resolve("config"));
            }
        }
        List<String> add = new ArrayList<>(env);
        add.addAll(List.of(tool.toString(), "add", "-x", "-f", "bootstrap.password"));
        Process p = new ProcessBuilder(add).redirectErrorStream(true).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (InputStream in = p.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (p.waitFor() != 0) {
            throw new IOException("cannot store bootstrap.password in the Elasticsearch keystore");
        }
    }
}
