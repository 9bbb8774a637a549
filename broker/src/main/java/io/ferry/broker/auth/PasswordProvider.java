package io.ferry.broker.auth;

import java.util.Optional;

/** Username and password against the credentials file ({@code ferry.auth.file}), which it rereads on change. */
record PasswordProvider(ReloadingFile<CredentialsFile> file) implements Provider {

    @Override
    public String name() {
        return "password";
    }

    @Override
    public Optional<AuthOutcome> authenticate(ConnectAttempt attempt) {
        if (attempt.username() == null) {
            return Optional.empty();
        }
        CredentialsFile.Entry entry = file.current().find(attempt.username());
        if (entry == null) {
            return Optional.empty();
        }
        String password = attempt.passwordText();
        if (password == null || !PasswordHashes.verify(entry.hash(), password)) {
            return Optional.of(AuthOutcome.refused(AuthOutcome.Refusal.BAD_CREDENTIALS, "wrong password"));
        }
        if (!entry.clientIds().matcher(attempt.clientId()).matches()) {
            return Optional.of(AuthOutcome.refused(AuthOutcome.Refusal.CLIENT_ID_NOT_ALLOWED,
                    "clientId not allowed for this username"));
        }
        return Optional.of(AuthOutcome.allowed(
                new Identity(attempt.clientId(), attempt.username(), Identity.Method.PASSWORD)));
    }
}
