package io.docchat.chat.signin;

import io.docchat.chat.security.OidcSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pieces of OpenID Connect sign-in: the provider's registration (from its discovery document), the
 * authorized-client store (the HTTP session, so tokens live in Redis with it and never reach the browser),
 * the manager that refreshes access tokens, and how a user's groups are read from the provider's claims
 * (at sign-in from the ID token, user info or access token; at each refresh from the new access token).
 */
public final class SignIn {

    private static final Logger log = LoggerFactory.getLogger(SignIn.class);

    private final OidcSettings settings;
    private final ClientRegistration registration;
    private final ClientRegistrationRepository registrations;
    private final OAuth2AuthorizedClientRepository authorizedClients = new HttpSessionOAuth2AuthorizedClientRepository();
    private final DefaultOAuth2AuthorizedClientManager manager;
    private final GroupClaims groups;
    private final JwtDecoder accessTokens;
    private final OidcUserService oidcUsers = new OidcUserService();
    private final DefaultOAuth2UserService users = new DefaultOAuth2UserService();

    SignIn(OidcSettings settings, GroupClaims groups) {
        this.settings = settings;
        this.groups = groups;
        boolean confidential = settings.clientSecret() != null && !settings.clientSecret().isBlank();
        this.registration = ClientRegistrations.fromIssuerLocation(settings.issuerUri())
                .registrationId(OidcSettings.REGISTRATION_ID)
                .clientId(settings.clientId())
                .clientSecret(confidential ? settings.clientSecret() : null)
                .clientAuthenticationMethod(confidential ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(settings.baseUrl() + "/login/oauth2/code/{registrationId}")
                .scope(settings.scopes())
                .build();
        this.registrations = new InMemoryClientRegistrationRepository(registration);
        this.manager = new DefaultOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode()
                .refreshToken(r -> r.clockSkew(settings.refreshSkew()))
                .build());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(registration.getProviderDetails().getIssuerUri()));
        this.accessTokens = decoder;
        log.info("sign-in with OpenID Connect provider {} as client {} ({}, PKCE), groups from claim '{}'",
                settings.issuerUri(), settings.clientId(), confidential ? "confidential" : "public", groups.claim());
    }

    public OidcSettings settings() {
        return settings;
    }

    public ClientRegistrationRepository registrations() {
        return registrations;
    }

    public OAuth2AuthorizedClientRepository authorizedClients() {
        return authorizedClients;
    }

    public OAuth2AuthorizedClientManager manager() {
        return manager;
    }

    public GroupClaims groupClaims() {
        return groups;
    }

    /** Loads the user at sign-in as Spring does, with DocChat's authorities: ROLE_USER and the user's groups. */
    public OAuth2UserService<OidcUserRequest, OidcUser> userService() {
        return request -> {
            OidcUser user = oidcUsers.loadUser(request);
            Set<String> g = groups.groups(request.getIdToken().getClaims(),
                    user.getUserInfo() == null ? null : user.getUserInfo().getClaims(),
                    accessTokenClaims(request.getAccessToken()));
            return new DefaultOidcUser(groups.authorities(g), user.getIdToken(), user.getUserInfo(),
                    registration.getProviderDetails().getUserInfoEndpoint().getUserNameAttributeName());
        };
    }

    /** The authorities a fresh access token grants: its own claims when it is a JWT, else the user info. */
    public List<GrantedAuthority> authoritiesFor(OAuth2AccessToken token) {
        Map<String, Object> claims = accessTokenClaims(token);
        if (claims == null) {
            claims = users.loadUser(new OAuth2UserRequest(registration, token)).getAttributes();
        }
        return groups.authorities(groups.groups(claims));
    }

    private Map<String, Object> accessTokenClaims(OAuth2AccessToken token) {
        try {
            return accessTokens.decode(token.getTokenValue()).getClaims();
        } catch (JwtException e) {
            log.debug("access token is not a JWT of the provider ({}); groups from the ID token or user info", e.getMessage());
            return null;
        }
    }
}
