package io.docchat.chat.system;

import io.docchat.chat.testing.ChatStack;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the running server publishes is a valid OpenAPI 3 document (swagger-parser's
 * validation), has a real title, version, tags and security schemes, documents {@code stream}, and lists
 * every route the server maps (compared with Spring's own {@link RequestMappingHandlerMapping}).
 */
class OpenApiIT {

    private static ChatStack stack;
    private static String json;
    private static OpenAPI api;

    @BeforeAll
    static void fetch() throws Exception {
        stack = ChatStack.get();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        json = response.body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
        assertThat(result.getMessages()).as("validation messages").isEmpty();
        api = result.getOpenAPI();
    }

    @Test
    void isAValidOpenApi3DocumentWithARealHeader() {
        assertThat(api.getOpenapi()).startsWith("3.");
        assertThat(api.getInfo().getTitle()).isEqualTo("DocChat API");
        assertThat(api.getInfo().getVersion()).isNotBlank().isNotEqualTo("v0");
        assertThat(api.getInfo().getDescription()).contains("problem+json");
        assertThat(api.getComponents().getSecuritySchemes()).containsKeys("bearerJwt", "apiKey", "sessionCookie");
        assertThat(api.getComponents().getSecuritySchemes().get("apiKey").getName()).isEqualTo("X-API-Key");
        assertThat(api.getSecurity()).isNotEmpty();
    }

    @Test
    void everyOperationHasANamedTagNotAControllerName() {
        operations().forEach((name, op) -> assertThat(op.getTags()).as(name).isNotEmpty()
                .allSatisfy(tag -> assertThat(tag).doesNotEndWith("-controller")));
        assertThat(api.getTags()).extracting(t -> t.getName())
                .contains("search", "chat", "conversations", "feedback", "admin");
    }

    @Test
    void chatDocumentsItsStreamParameter() {
        Operation chat = api.getPaths().get("/api/v1/chat").getPost();
        assertThat(chat.getParameters()).extracting(Parameter::getName).contains("stream");
        Operation search = api.getPaths().get("/api/v1/search").getGet();
        assertThat(search.getParameters()).extracting(Parameter::getName).contains("q", "k", "offset", "source", "path");
    }

    /**
     * Every route of the server's request mappings is in the document with its method. Left out: springdoc's
     * own routes (the document and its UI) and the container's error page ({@code /error}, not an API).
     */
    @Test
    void listsEveryRouteTheServerMaps() {
        RequestMappingHandlerMapping mapping = stack.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Set<String> mapped = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, org.springframework.web.method.HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            if (e.getValue().getBeanType().getName().startsWith("org.springdoc")
                    || e.getValue().getBeanType() == ProblemErrorController.class) {
                continue;
            }
            Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
            for (String path : e.getKey().getPatternValues()) {
                for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    mapped.add(m + " " + path);
                }
            }
        }
        Set<String> documented = new TreeSet<>(operations().keySet());
        assertThat(mapped).as("routes the server maps").isNotEmpty().contains("POST /api/v1/chat", "GET /api/v1/search");
        assertThat(documented).containsAll(mapped);
    }

    private static Map<String, Operation> operations() {
        Map<String, Operation> out = new java.util.TreeMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
                out.put(method.name() + " " + path, op)));
        return out;
    }
}
