package io.docchat.chat.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's header ({@code /v3/api-docs}, {@code /swagger-ui.html}): a real title and the
 * build's version, one tag per API, and the credentials the API takes, so that "Try it out" can send them.
 * Every operation accepts any one of the schemes (the security filters decide which routes need which role).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearerJwt";
    static final String API_KEY = "apiKey";
    static final String ANONYMOUS = "anonymousCookie";
    static final String SESSION = "sessionCookie";

    @Bean
    OpenAPI docchatOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties props = build.getIfAvailable();
        String version = props != null ? props.getVersion() : "dev";
        return new OpenAPI()
                .info(new Info().title("DocChat API").version(version)
                        .description("""
                                Hybrid search and cited chat over a documentation corpus. Every error is an RFC 9457 \
                                problem (`application/problem+json`) naming the field and the limit. Users call search, \
                                chat, conversations and feedback (role USER; anonymous callers count as USER where the \
                                server allows it); `/api/v1/admin/**` needs ADMIN."""))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("a token from the identity provider (users) or "
                                        + "signed with the configured HS256 secret"))
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-API-Key")
                                .description("a service key from /api/v1/admin/api-keys, or the bootstrap admin key"))
                        .addSecuritySchemes(ANONYMOUS, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("DOCCHAT_ANON")
                                .description("anonymous callers (public mode): the signed identity the server sets on "
                                        + "the first response; keep it (a cookie jar) to keep one's conversations"))
                        .addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("DOCCHAT_SESSION")
                                .description("the browser session of a signed-in user (private mode)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY))
                .addSecurityItem(new SecurityRequirement().addList(ANONYMOUS))
                .addSecurityItem(new SecurityRequirement().addList(SESSION))
                .addTagsItem(new Tag().name("search").description("Hybrid (BM25 + vector) search over the documentation chunks"))
                .addTagsItem(new Tag().name("chat").description("Questions answered from the documentation, with citations"))
                .addTagsItem(new Tag().name("conversations").description("One's own conversations: list, read, delete"))
                .addTagsItem(new Tag().name("feedback").description("Thumbs up or down on an answer"))
                .addTagsItem(new Tag().name("admin").description("API keys and LLM cost (ADMIN)"))
                .addTagsItem(new Tag().name("session").description("The mode, who is signed in, and the CSRF token of a session"));
    }
}
