package io.docchat.chat.signin;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Private mode without a provider: the start-up failure is the one line naming what is missing, no stack trace. */
class MissingSignInSettingsFailureAnalyzer extends AbstractFailureAnalyzer<SignInConfiguration.MissingSignInSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, SignInConfiguration.MissingSignInSettingsException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set them (see README, Configuration), or run in public mode (DOCCHAT_MODE=public).", cause);
    }
}
