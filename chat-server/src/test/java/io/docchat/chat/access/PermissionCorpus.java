package io.docchat.chat.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Three sources for the permission tests: {@code eng-docs} readable by group {@code eng}, {@code sales-docs} by
 * {@code sales}, and {@code public-docs} by everyone. Every chunk carries a code word of its own
 * ({@code ENGCODE07}, {@code SALESCODE03}, {@code PUBCODE02}), so any leak of a chunk's text (a snippet, a
 * citation, an answer written from it, a prompt sent to the LLM) shows as its source's code prefix; and each
 * question names a rare term of exactly one chunk, so without the filter that chunk would rank first.
 */
final class PermissionCorpus {

    static final String ENG = "eng";
    static final String SALES = "sales";

    /** One chunk: its source, readers (empty: public), id, title, text, and a question aimed at it. */
    record Doc(String source, List<String> groups, String id, String title, String text, String question) {

        String chunkId() {
            return source + ":" + id + ".md#0";
        }
    }

    private static final String[][] ENG_TOPICS = {
            {"kestrel", "fail over the kestrel cluster", "promote the standby node with kestrelctl promote and drain the old primary"},
            {"marmoset", "rotate the marmoset build signing certificate", "run marmoset-sign rotate and publish the new fingerprint"},
            {"quokka", "restart the quokka ingestion workers", "scale the quokka deployment to zero, then back to six replicas"},
            {"pangolin", "rebuild the pangolin search shards", "freeze writes, run pangolin reshard --all and thaw writes"},
            {"narwhal", "roll back a narwhal schema migration", "apply the down script with narwhal migrate --down 1"},
            {"ocelot", "debug ocelot payment timeouts", "raise the ocelot gateway timeout to 9 seconds and inspect the retry log"},
            {"axolotl", "provision an axolotl staging database", "clone the nightly axolotl snapshot into the staging project"},
            {"wombat", "purge the wombat CDN cache", "call wombat purge with the asset prefix and wait for the ack"},
            {"capybara", "upgrade the capybara message broker", "drain capybara queues, upgrade one node at a time, rebalance"},
            {"tapir", "renew the tapir internal TLS certificates", "run tapir-certs renew on the bastion and reload the proxies"},
            {"lemur", "tune the lemur garbage collector", "set lemur heap to 12 gigabytes with the G1 pause target at 150 ms"},
            {"gecko", "recover a corrupted gecko volume", "mount the gecko replica read-only and resync the blocks"}};

    private static final String[][] SALES_TOPICS = {
            {"bluefin", "price the bluefin enterprise bundle", "start at 48000 dollars per year with a 12 percent multi-year discount"},
            {"saffron", "approve a saffron partner rebate", "the regional director signs saffron rebates above 5000 dollars"},
            {"juniper", "forecast juniper renewals for the quarter", "weight juniper renewals at 85 percent unless the champion left"},
            {"topaz", "escalate a topaz deal desk exception", "file the topaz exception form and tag the deal desk channel"},
            {"mistral", "handle the mistral competitor objection", "stress mistral migration costs and our uptime record"},
            {"cobalt", "book a cobalt executive briefing", "reserve the cobalt briefing room through the field events calendar"},
            {"harbor", "register a harbor reseller opportunity", "log harbor reseller leads within 48 hours in the partner portal"},
            {"velvet", "calculate velvet sales commission accelerators", "velvet accelerators double the rate above 120 percent of quota"},
            {"granite", "extend a granite trial license", "granite trials extend once by 30 days with manager approval"},
            {"orchid", "prepare an orchid territory plan", "list the orchid top twenty accounts and their whitespace"},
            {"sparrow", "apply the sparrow nonprofit discount", "sparrow nonprofit pricing is 40 percent off list"},
            {"falcon", "close the falcon fiscal year deals", "falcon deals must be signed before the last Friday of January"}};

    private static final String[][] PUBLIC_TOPICS = {
            {"install", "install the command line client", "download the archive and run the installer script"},
            {"login", "log in to the web console", "open the console and sign in with your company account"},
            {"theme", "switch the page to dark mode", "choose dark in the appearance menu"},
            {"export", "export a report as a spreadsheet", "use the export button above the report table"},
            {"support", "contact the support team", "write to the support address or open a ticket"},
            {"language", "change the interface language", "pick a language in the profile settings"}};

    static final List<Doc> ENG_DOCS = docs("eng-docs", List.of(ENG), "ENGCODE", ENG_TOPICS);
    static final List<Doc> SALES_DOCS = docs("sales-docs", List.of(SALES), "SALESCODE", SALES_TOPICS);
    static final List<Doc> PUBLIC_DOCS = docs("public-docs", List.of(), "PUBCODE", PUBLIC_TOPICS);

    static List<Doc> all() {
        List<Doc> all = new ArrayList<>(ENG_DOCS);
        all.addAll(SALES_DOCS);
        all.addAll(PUBLIC_DOCS);
        return all;
    }

    private static List<Doc> docs(String source, List<String> groups, String code, String[][] topics) {
        List<Doc> out = new ArrayList<>();
        for (int i = 0; i < topics.length; i++) {
            String[] t = topics[i];
            String n = String.format(Locale.ROOT, "%02d", i + 1);
            String title = "How to " + t[1];
            String text = "To " + t[1] + ", " + t[2] + ". The " + t[0] + " procedure reference is " + code + n + ".";
            out.add(new Doc(source, groups, t[0], title, text, "How do I " + t[1] + "?"));
        }
        return out;
    }

    private PermissionCorpus() {
    }
}
