package io.docchat.indexer.gate;

/**
 * The quality gate refused a candidate: the run fails, the live index stays live, and the run's {@code gate}
 * figures say why. Permanent for this candidate: running again rebuilds, it does not retry the publication.
 */
public class GateFailedException extends IllegalStateException {

    public GateFailedException(GateReport report) {
        super("quality gate failed: " + report.live() + " stays live, " + report.candidate() + " is not published: "
                + report.reason() + " (force with POST /admin/runs?mode=full&force=true or DOCCHAT_INDEXER_GATE_FORCE=true)");
    }
}
