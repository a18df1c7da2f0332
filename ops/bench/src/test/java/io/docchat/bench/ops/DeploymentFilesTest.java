package io.docchat.bench.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker does not run on these machines, so the deployment files are checked as data: they parse, and the
 * properties the product relies on (SSE unbuffered, probes, non-root, secrets from the environment) hold.
 */
@SuppressWarnings("unchecked")
class DeploymentFilesTest {

    private static final Path ROOT = root();
    private final Yaml yaml = new Yaml();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void composeRunsThreeChatServersBehindNginxWithHealthchecksAndNoLiteralSecrets() throws IOException {
        String text = Files.readString(ROOT.resolve("docker-compose.prod.yml"));
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) yaml.load(text)).get("services");
        assertThat(services).containsKeys("elasticsearch", "postgres", "redis", "chat-server", "nginx",
                "batch-indexer", "prometheus", "grafana", "kibana");
        Map<String, Object> chat = (Map<String, Object>) services.get("chat-server");
        assertThat(((Map<String, Object>) chat.get("deploy")).get("replicas")).isEqualTo(3);
        for (String name : List.of("elasticsearch", "postgres", "redis", "chat-server", "batch-indexer", "nginx",
                "prometheus", "grafana", "kibana")) {
            assertThat(((Map<String, Object>) services.get(name))).as(name).containsKey("healthcheck");
        }
        Map<String, Object> es = (Map<String, Object>) ((Map<String, Object>) services.get("elasticsearch")).get("environment");
        assertThat(es.get("xpack.security.enabled")).isEqualTo("true");
        // every password-like value comes from the environment (.env), never a literal in the file
        Matcher m = Pattern.compile("(?im)^[ \\t]*[A-Z_]*(PASSWORD|SECRET|API_KEY)[A-Z_]*:[ \\t]*(.*)$").matcher(text);
        int found = 0;
        while (m.find()) {
            String value = m.group(2).trim();
            if (value.isEmpty() || value.startsWith("-")) {
                continue; // a mapping key (e.g. the name of a compose secret), not a value
            }
            found++;
            assertThat(value).as(m.group()).startsWith("${");
        }
        assertThat(found).isGreaterThan(5);
        assertThat(Files.readString(ROOT.resolve(".gitignore"))).containsPattern("(?m)^\\.env$");
    }

    @Test
    void composeHygieneLimitsPinnedImagesNoSecretsInArgvNoSuperuserInApps() throws IOException {
        String text = Files.readString(ROOT.resolve("docker-compose.prod.yml"));
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) yaml.load(text)).get("services");
        Pattern secretVar = Pattern.compile("\\$\\{[A-Z_]*(PASSWORD|SECRET|KEY)");
        services.forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            assertThat(path(service, "deploy", "resources", "limits")).as(name + " has resource limits").isNotNull();
            String image = (String) service.get("image");
            assertThat(image).as(name + " image").doesNotEndWith(":latest")
                    .matches(".*(:\\$\\{[A-Z_]+:-)?[:v]?\\d+\\.\\d+(\\.\\d+)?.*|.*@sha256:.*");
            // a secret interpolated by compose into argv would show in `ps` and `docker inspect`
            assertThat(String.valueOf(service.get("command")) + service.get("entrypoint"))
                    .as(name + " command line").doesNotContainPattern(secretVar);
            Object env = service.get("environment");
            if (env instanceof Map<?, ?> e && e.containsKey("DOCCHAT_ELASTIC_USERNAME")) {
                assertThat(e.get("DOCCHAT_ELASTIC_USERNAME")).as(name).isNotEqualTo("elastic");
            }
        });
        assertThat(path((Map<String, Object>) services.get("chat-server"), "environment", "DOCCHAT_ELASTIC_USERNAME")).isEqualTo("docchat_chat");
        assertThat(path((Map<String, Object>) services.get("batch-indexer"), "environment", "DOCCHAT_ELASTIC_USERNAME")).isEqualTo("docchat_indexer");
        Map<String, Object> filebeat = (Map<String, Object>) services.get("filebeat");
        assertThat(filebeat.get("user")).isEqualTo("1000:1000");
        assertThat((List<String>) filebeat.get("volumes")).anyMatch(v -> v.startsWith("filebeatdata:"))
                .noneMatch(v -> v.contains("docker.sock"));
        assertThat(Files.readString(ROOT.resolve("ops/filebeat/filebeat.yml"))).doesNotContain("username: elastic");
        // schedules ship with defaults; compose leaves an explicitly empty value empty so the app refuses it
        Map<String, Object> indexerEnv = (Map<String, Object>) ((Map<String, Object>) services.get("batch-indexer")).get("environment");
        assertThat((String) indexerEnv.get("DOCCHAT_INDEXER_SOURCES_0_CRON")).matches("\\$\\{[A-Z_]+-0 \\*/15 \\* \\* \\* \\?}");
        assertThat((String) indexerEnv.get("DOCCHAT_INDEXER_SCHEDULE_FULL_REBUILD_CRON")).matches("\\$\\{[A-Z_]+-0 0 3 \\? \\* SUN}");
        // the management ports are never published
        assertThat(text).doesNotContainPattern("[\"' ]90[89][01]:");
    }

    @Test
    void everyVariableTheComposeFileReadsIsInEnvExampleAndEveryServiceItNamesExists() throws IOException {
        String text = Files.readString(ROOT.resolve("docker-compose.prod.yml"));
        String example = Files.readString(ROOT.resolve("ops/env.example"));
        Matcher variable = Pattern.compile("(?<!\\$)\\$\\{([A-Z_][A-Z0-9_]*)").matcher(text);
        Set<String> names = new HashSet<>();
        while (variable.find()) {
            names.add(variable.group(1));
        }
        assertThat(names).hasSizeGreaterThan(20);
        for (String name : names) {
            assertThat(example).as(name + " is documented in ops/env.example").containsPattern("(?m)^#? ?" + name + "=");
        }
        Map<String, Object> compose = yaml.load(text);
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Set<String> volumes = ((Map<String, Object>) compose.get("volumes")).keySet();
        services.forEach((name, value) -> {
            Object deps = ((Map<String, Object>) value).get("depends_on");
            if (deps instanceof Map<?, ?> d) {
                assertThat(services.keySet()).as(name + " depends on").containsAll((Set<String>) d.keySet());
            }
            for (Object v : (List<Object>) ((Map<String, Object>) value).getOrDefault("volumes", List.of())) {
                String source = String.valueOf(v).split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/") && !source.startsWith("$")) {
                    assertThat(volumes).as(name + " mounts the named volume " + source).contains(source);
                }
            }
        });
    }

    @Test
    void nginxTerminatesTlsWithHstsRateLimitAndTrustworthyClientAddress() throws IOException {
        String conf = Files.readString(ROOT.resolve("ops/nginx/nginx.conf"));
        assertThat(conf).contains("listen 443 ssl", "ssl_protocols TLSv1.2 TLSv1.3;", "Strict-Transport-Security",
                        "Content-Security-Policy", "Permissions-Policy", "limit_req zone=per_client",
                        "proxy_set_header X-Forwarded-For $remote_addr;", "location ^~ /.well-known/acme-challenge/",
                        "return 301 https://$host$request_uri;")
                .doesNotContain("$proxy_add_x_forwarded_for").doesNotContain(" resolve;");
        Matcher gzip = Pattern.compile("gzip_types ([^;]*);").matcher(conf);
        assertThat(gzip.find()).isTrue();
        assertThat(gzip.group(1)).contains("application/json").doesNotContain("event-stream");
        Matcher actuator = Pattern.compile("location \\^~ /actuator \\{([^}]*)}").matcher(conf);
        assertThat(actuator.find()).isTrue();
        assertThat(actuator.group(1)).contains("return 404;").doesNotContain("proxy_pass");
    }

    @Test
    void nginxStreamsChatUnbuffered() throws IOException {
        String conf = Files.readString(ROOT.resolve("ops/nginx/nginx.conf"));
        Matcher chat = Pattern.compile("location /api/v1/chat \\{([^}]*)}").matcher(conf);
        assertThat(chat.find()).isTrue();
        assertThat(chat.group(1)).contains("proxy_buffering off;").containsPattern("proxy_read_timeout \\d{3}s;");
    }

    @Test
    void dockerImagesRunTheExecJarAsNonRoot() throws IOException {
        for (String app : List.of("chat-server", "batch-indexer")) {
            String file = Files.readString(ROOT.resolve("ops/docker/" + app + ".Dockerfile"));
            assertThat(file).as(app).contains("-exec.jar").containsPattern("(?m)^USER 10001")
                    .containsPattern("(?m)^FROM .* AS build$");
        }
    }

    @Test
    void dockerBuildsCopyThePomOfEveryModuleInTheReactor() throws IOException {
        // Maven reads every module of the root pom even with -pl, so a module missing from the COPY lines
        // breaks the image build.
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            modules.add(module.group(1));
        }
        assertThat(modules).contains("chat-server", "batch-indexer");
        for (String app : List.of("chat-server", "batch-indexer")) {
            String file = Files.readString(ROOT.resolve("ops/docker/" + app + ".Dockerfile"));
            for (String m : modules) {
                assertThat(file).as(app + " copies " + m + "/pom.xml").contains("COPY " + m + "/pom.xml " + m + "/");
            }
        }
    }

    @Test
    void kubernetesProbesHpaAndDisruptionBudget() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object d : yaml.loadAll(Files.readString(ROOT.resolve("ops/k8s/chat-server.yaml")))) {
            docs.add((Map<String, Object>) d);
        }
        assertThat(docs).extracting(d -> d.get("kind"))
                .contains("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget");
        Map<String, Object> deployment = docs.stream().filter(d -> "Deployment".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
                .get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/livez");
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
        assertThat(path(container, "readinessProbe", "httpGet", "port")).isEqualTo("http");
        assertThat((List<Map<String, Object>>) container.get("ports")).extracting(p -> p.get("containerPort")).contains(8080, 9080);
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template");
        assertThat(path(template, "metadata", "annotations", "prometheus.io/port")).isEqualTo("9080");
        assertThat(path(deployment, "spec", "replicas")).isEqualTo(3);
        assertThat(path(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable")).isEqualTo(0);
        Map<String, Object> pdb = docs.stream().filter(d -> "PodDisruptionBudget".equals(d.get("kind"))).findFirst().orElseThrow();
        assertThat(path(pdb, "spec", "minAvailable")).isEqualTo(2);
        assertThat(path(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        Map<String, Object> hpa = docs.stream().filter(d -> "HorizontalPodAutoscaler".equals(d.get("kind"))).findFirst().orElseThrow();
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) ((Map<String, Object>) hpa.get("spec")).get("metrics");
        assertThat(path(metrics.get(0), "resource", "name")).isEqualTo("cpu");
        assertThat(path(hpa, "spec", "minReplicas")).isEqualTo(3);
        assertThat(path(hpa, "spec", "maxReplicas")).isEqualTo(10);
        for (String f : List.of("namespace.yaml", "configmap.yaml", "batch-indexer.yaml", "ingress.yaml", "networkpolicy.yaml",
                "kustomization.yaml")) {
            yaml.loadAll(Files.readString(ROOT.resolve("ops/k8s/" + f))).forEach(d -> assertThat(d).as(f).isNotNull());
        }
    }

    @Test
    void kustomizationListsEveryManifestButTheSecretExample() throws IOException {
        Map<String, Object> kustomization = yaml.load(Files.readString(ROOT.resolve("ops/k8s/kustomization.yaml")));
        List<String> resources = (List<String>) kustomization.get("resources");
        try (Stream<Path> files = Files.list(ROOT.resolve("ops/k8s"))) {
            List<String> manifests = new ArrayList<>(files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml") && !f.contains("example")).toList());
            manifests.addAll(List.of("../elastic-setup", "../backup"));
            assertThat(resources).containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    @Test
    void ingressHasTlsNoSnippetsAndTheEdgeLimits() throws IOException {
        Map<String, Object> ingress = yaml.load(Files.readString(ROOT.resolve("ops/k8s/ingress.yaml")));
        Map<String, String> annotations = (Map<String, String>) path(ingress, "metadata", "annotations");
        assertThat(annotations).containsKey("cert-manager.io/cluster-issuer")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
                .containsEntry("nginx.ingress.kubernetes.io/limit-rps", "20");
        assertThat(annotations.keySet()).noneMatch(k -> k.contains("snippet"));
        assertThat((List<Object>) path(ingress, "spec", "tls")).isNotEmpty();
    }

    @Test
    void prometheusConfigAndEveryAlertParse() throws IOException {
        Map<String, Object> prom = yaml.load(Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml")));
        assertThat((List<Map<String, Object>>) prom.get("scrape_configs")).extracting(s -> s.get("job_name"))
                .contains("chat-server", "batch-indexer");
        Map<String, Object> alerts = yaml.load(Files.readString(ROOT.resolve("ops/prometheus/alerts.yml")));
        int rules = 0;
        for (Map<String, Object> group : (List<Map<String, Object>>) alerts.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                rules++;
                assertThat(rule).containsKeys("alert", "expr", "annotations");
            }
        }
        assertThat(rules).isGreaterThan(5);
    }

    @Test
    void grafanaDashboardsHaveQueriesOnEveryPanel() throws IOException {
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(ROOT.resolve("ops/grafana/dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).toList();
        }
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(3);
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards) {
            JsonNode d = json.readTree(file.toFile());
            assertThat(uids.add(d.get("uid").asText())).as("unique uid in " + file).isTrue();
            for (JsonNode panel : d.get("panels")) {
                if (!panel.get("type").asText().equals("row")) {
                    assertThat(panel.get("targets")).as(file + ": " + panel.get("title")).isNotEmpty();
                }
            }
        }
    }

    @Test
    void kibanaSavedObjectsReferenceOnlyObjectsInTheFile() throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve("ops/kibana/docchat-saved-objects.ndjson"))) {
            objects.add(json.readTree(line));
        }
        Set<String> ids = new HashSet<>();
        objects.forEach(o -> ids.add(o.get("id").asText()));
        for (JsonNode o : objects) {
            for (JsonNode ref : o.get("references")) {
                assertThat(ids).as(o.get("id") + " references " + ref.get("id")).contains(ref.get("id").asText());
            }
        }
        assertThat(objects).extracting(o -> o.get("type").asText()).contains("index-pattern", "search", "dashboard");
    }

    private static Object path(Map<String, Object> node, String... keys) {
        Object current = node;
        for (String k : keys) {
            current = ((Map<String, Object>) current).get(k);
        }
        return current;
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("docker-compose.prod.yml"))) {
            p = p.getParent();
        }
        return p == null ? Path.of("").toAbsolutePath() : p;
    }
}
