package io.docchat.chat.search;

import io.docchat.elastic.ChunkDocument;

import java.time.Instant;
import java.util.List;

/** A tiny documentation corpus whose words were picked so that BM25 and kNN disagree on purpose. */
final class SearchCorpus {

    /** Found by its exact identifier; to a vector it looks like the decoy codes. */
    static final String IDENTIFIER = "ERR_QX_4471";
    /** Shares no word with any chunk: only kNN can find the password chunk. */
    static final String PARAPHRASE = "I can't remember my login secret";
    /** Both retrievers put the backup chunk first. */
    static final String BOTH = "restore a snapshot";

    static final String ERRORS = "docs/errors.md#0";
    static final String PASSWORD = "docs/account.md#0";
    static final String PASSWORD_V1 = "docs/v1/account.md#0";
    static final String BACKUPS = "docs/backup.md#0";

    private SearchCorpus() {
    }

    static List<ChunkDocument> chunks() {
        return List.of(
                chunk("docs/errors.md", "vault", "2.0", "Storage", "Storage > Quota", "quota", 12, null,
                        "When a workspace exceeds its storage quota, uploads stop and the server logs " + IDENTIFIER
                                + "; delete old snapshots or raise the quota on the Billing page."),
                // decoys: near-identical codes that a vector cannot tell apart from the one asked for
                chunk("docs/errors-sync.md", "vault", "2.0", "Error reference", "Errors > Sync", null, null, null,
                        "Sync errors: ERR_QX_4417, ERR_QX_4474, ERR_QX_4771 and ERR_QX_4147."),
                chunk("docs/errors-network.md", "vault", "2.0", "Error reference", "Errors > Network", null, null, null,
                        "Network errors: ERR_QX_4711, ERR_QX_4177 and ERR_QX_4714."),
                chunk("docs/errors-overview.md", "vault", "2.0", "Error reference", "Errors > Overview", null, null, null,
                        "Every error code starts with ERR_QX_ followed by four digits."),
                chunk("docs/account.md", "vault", "2.0", "Account", "Account > Password", "password", null, null,
                        "To reset a forgotten password, open Account Settings and choose Recover access. A reset link is emailed to you."),
                chunk("docs/v1/account.md", "vault", "1.0", "Account", "Account > Password", "password", null, null,
                        "Version 1 only: to reset a forgotten password, ask an administrator to send a reset link."),
                chunk("docs/install.md", "vault", "2.0", "Installation", "Install", null, null, 3,
                        "Install the server with the package manager, then start the service and open port 8443 in the firewall."),
                chunk("docs/backup.md", "vault", "2.0", "Backups", "Backups > Restore", "restore", null, null,
                        "Snapshots are taken every night. A snapshot can be restored from the Backups page; restoring replaces the current data."),
                chunk("docs/tuning.md", "vault", "2.0", "Performance tuning", "Tuning > Cache", null, null, null,
                        "Increase the cache size to make repeated queries faster. The cache is kept in memory on each node."),
                chunk("beacon/alerts.md", "beacon", "5.1", "Alerts", "Alerts", null, null, null,
                        "Beacon sends an alert when a monitored host stops answering heartbeats for five minutes."),
                chunk("beacon/install.md", "beacon", "5.1", "Installing Beacon", "Install", null, null, null,
                        "Install Beacon with the package manager and register each host with an agent token."),
                chunk("docs/billing.md", "vault", "2.0", "Billing", "Billing > Invoices", null, null, null,
                        "Invoices are issued on the first day of each month and can be downloaded as PDF."),
                chunk("docs/sso.md", "vault", "2.0", "Single sign-on", "Security > SSO", null, null, null,
                        "Connect an identity provider through SAML or OpenID Connect so that people sign in with their company account."));
    }

    private static ChunkDocument chunk(String location, String product, String version, String title, String heading,
                                       String anchor, Integer line, Integer page, String text) {
        Instant now = Instant.now();
        String url = location.startsWith("docs/") && anchor != null ? "https://docs.example.com/" + location.replace(".md", "") : null;
        return new ChunkDocument(location, 0, product + "-docs", location, url, anchor, page, line, title, heading,
                text, null, product, version, List.of(product, "v" + version), null, now, now, null);
    }
}
