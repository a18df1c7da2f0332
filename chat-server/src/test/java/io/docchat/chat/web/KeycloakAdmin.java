package io.docchat.chat.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Keycloak's admin REST API for the Keycloak tests (the local dev admin, admin/admin, on realm docchat). */
public final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public KeycloakAdmin(String base) {
        this.base = base;
    }

    /** Waits until the realm docchat answers (Keycloak may still be starting); fails after {@code wait}. */
    public static void awaitRealm(String base, Duration wait) throws InterruptedException {
        URI discovery = URI.create(base + "/realms/docchat/.well-known/openid-configuration");
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                int status = HTTP.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
                last = "HTTP " + status;
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("Keycloak with realm docchat is not running at " + base + " (ops/dev/keycloak/kc start): " + last);
    }

    private String token() throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password="
                + URLEncoder.encode(System.getenv().getOrDefault("DOCCHAT_KEYCLOAK_ADMIN_PASSWORD", "admin"), StandardCharsets.UTF_8);
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException("Keycloak admin token: " + res.statusCode() + " " + res.body());
        }
        return JSON.readTree(res.body()).get("access_token").asText();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + "/admin/realms/docchat" + path))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + res.statusCode() + " " + res.body());
        }
        return res;
    }

    private static String idFrom(HttpResponse<String> created) {
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** A confidential client with PKCE and the groups mapper; returns its secret. */
    public String createClient(String clientId, int accessTokenSeconds) throws Exception {
        String json = JSON.createObjectNode().put("clientId", clientId).put("protocol", "openid-connect")
                .put("publicClient", false).put("standardFlowEnabled", true).put("directAccessGrantsEnabled", false)
                .set("redirectUris", JSON.createArrayNode().add("http://127.0.0.1:*").add("http://localhost:*")).toString();
        ObjectMapper m = JSON;
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(json);
        node.putObject("attributes").put("pkce.code.challenge.method", "S256")
                .put("post.logout.redirect.uris", "http://127.0.0.1:*##http://localhost:*")
                .put("access.token.lifespan", String.valueOf(accessTokenSeconds));
        var mapper = node.putArray("protocolMappers").addObject().put("name", "groups").put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-group-membership-mapper");
        mapper.putObject("config").put("full.path", "false").put("claim.name", "groups").put("id.token.claim", "true")
                .put("access.token.claim", "true").put("userinfo.token.claim", "true");
        String id = idFrom(call("POST", "/clients", node.toString()));
        return JSON.readTree(call("GET", "/clients/" + id + "/client-secret", null).body()).get("value").asText();
    }

    public void deleteClient(String clientId) throws Exception {
        JsonNode found = JSON.readTree(call("GET", "/clients?clientId=" + clientId, null).body());
        if (!found.isEmpty()) {
            call("DELETE", "/clients/" + found.get(0).get("id").asText(), null);
        }
    }

    public String createUser(String username, String password, String... groups) throws Exception {
        var user = JSON.createObjectNode().put("username", username).put("enabled", true).put("emailVerified", true)
                .put("email", username + "@docchat.example").put("firstName", "Test").put("lastName", "User");
        user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
        var g = user.putArray("groups");
        for (String group : groups) {
            g.add("/" + group);
        }
        return idFrom(call("POST", "/users", user.toString()));
    }

    public void removeFromGroup(String userId, String group) throws Exception {
        JsonNode groups = JSON.readTree(call("GET", "/users/" + userId + "/groups", null).body());
        for (JsonNode g : groups) {
            if (g.get("name").asText().equals(group)) {
                call("DELETE", "/users/" + userId + "/groups/" + g.get("id").asText(), null);
            }
        }
    }

    public void deleteUser(String userId) throws Exception {
        call("DELETE", "/users/" + userId, null);
    }

    /** Creates the top-level group {@code name} unless the realm has it; returns whether it created it. */
    public boolean ensureGroup(String name) throws Exception {
        JsonNode found = JSON.readTree(call("GET", "/groups?exact=true&search=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null).body());
        for (JsonNode g : found) {
            if (g.get("name").asText().equals(name)) {
                return false;
            }
        }
        call("POST", "/groups", JSON.createObjectNode().put("name", name).toString());
        return true;
    }

    public void deleteGroup(String name) throws Exception {
        JsonNode found = JSON.readTree(call("GET", "/groups?exact=true&search=" + URLEncoder.encode(name, StandardCharsets.UTF_8), null).body());
        for (JsonNode g : found) {
            if (g.get("name").asText().equals(name)) {
                call("DELETE", "/groups/" + g.get("id").asText(), null);
            }
        }
    }
}
