package io.docchat.chat.ratelimit;

import io.docchat.chat.search.RedisKeys;
import io.docchat.chat.search.ServerInstance;
import io.docchat.chat.testing.ChatClient;
import io.docchat.chat.testing.ChatStack;
import io.docchat.chat.testing.FakeOpenAi;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Public mode: anonymous identities are minted by the server (two clients never share one, a client-chosen
 * id or a forged cookie buys nothing), and anonymous limits follow the real client address: forwarded
 * headers count only from trusted proxies, and IPv6 clients share a bucket per /64.
 */
class PublicModeIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String SEARCH = "/api/v1/search?q=install&k=2";

    @Test
    void twoClientsGetDifferentServerMintedIdsAndCannotSeeEachOthersConversations() {
        ChatStack stack = ChatStack.get();
        ChatClient one = stack.newUser();
        ChatClient two = stack.newUser();
        assertThat(one.userId()).isNotEqualTo(two.userId()).startsWith("anon:");
        assertThat(one.cookie()).contains("DOCCHAT_ANON=");
        stack.llm().respondWith(r -> FakeOpenAi.answer("Port 8080 [1]."));
        var answer = one.post("/api/v1/chat?stream=false", "{\"question\":\"Which port does the server listen on?\"}");
        assertThat(answer.status()).isEqualTo(200);
        String conversation = answer.body().at("/done/conversationId").asText();
        assertThat(one.get("/api/v1/conversations/" + conversation).status()).isEqualTo(200);
        assertThat(two.get("/api/v1/conversations/" + conversation).status()).isEqualTo(404);
        assertThat(two.get("/api/v1/conversations").body()).isEmpty();
    }

    @Test
    void aClientChosenIdOrAForgedCookieIsIgnored() throws Exception {
        ChatStack stack = ChatStack.get();
        ChatClient owner = stack.newUser();
        String id = owner.userId().substring("anon:".length());
        for (String forged : new String[] {id, id + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "my-laptop-0000001"}) {
            HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/v1/conversations"))
                    .header("Cookie", "DOCCHAT_ANON=" + forged).header("X-Client-Id", id).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
            String fresh = res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("DOCCHAT_ANON="))
                    .findFirst().orElseThrow();
            assertThat(fresh).contains("HttpOnly", "SameSite=Lax").doesNotContain("DOCCHAT_ANON=" + id);
        }
    }

    private static HttpResponse<String> search(ServerInstance s, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + SEARCH)).GET();
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> props(String prefix, String trusted) {
        Map<String, String> p = new HashMap<>();
        p.put("docchat.ratelimit.anonymous-capacity", "2");
        p.put("docchat.ratelimit.key-prefix", prefix);
        p.put("docchat.cache.key-prefix", prefix + "cache:");
        p.put("docchat.security.trusted-proxies", trusted);
        return p;
    }

    @Test
    void spoofedForwardedForFromAnUntrustedAddressDoesNotChangeTheBucket() throws Exception {
        String prefix = "it-pm-spoof-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (RedisKeys keys = new RedisKeys(); ServerInstance s = new ServerInstance(props(prefix, "10.0.0.0/8"))) {
            try {
                assertThat(search(s, "198.51.100.1").statusCode()).isEqualTo(200);
                assertThat(search(s, "198.51.100.2").statusCode()).isEqualTo(200);
                assertThat(search(s, "198.51.100.3").statusCode()).as("all three from 127.0.0.1").isEqualTo(429);
                assertThat(keys.keys(prefix + "ip:")).hasSize(1);
            } finally {
                keys.deleteAll(prefix);
            }
        }
    }

    @Test
    void behindATrustedProxyClientsAreLimitedByTheirAddressAndIpv6Per64() throws Exception {
        String prefix = "it-pm-proxy-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        try (RedisKeys keys = new RedisKeys(); ServerInstance s = new ServerInstance(props(prefix, "127.0.0.0/8,::1/128"))) {
            try {
                assertThat(search(s, "2001:db8:1:2::1").statusCode()).isEqualTo(200);
                assertThat(search(s, "2001:db8:1:2:ffff::9").statusCode()).isEqualTo(200);
                assertThat(search(s, "2001:db8:1:2:abcd::3").statusCode()).as("same /64").isEqualTo(429);
                assertThat(search(s, "2001:db8:1:3::1").statusCode()).as("another /64").isEqualTo(200);
                assertThat(search(s, "198.51.100.1").statusCode()).isEqualTo(200);
                assertThat(search(s, "evil, 198.51.100.9").statusCode()).as("the rightmost hop counts").isEqualTo(200);
                assertThat(keys.keys(prefix + "ip:")).hasSize(4);
            } finally {
                keys.deleteAll(prefix);
            }
        }
    }
}
