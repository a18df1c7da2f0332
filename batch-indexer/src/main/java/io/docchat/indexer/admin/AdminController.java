package io.docchat.indexer.admin;

import io.docchat.indexer.IndexerProperties;
import io.docchat.indexer.index.DeadLetters;
import io.docchat.indexer.index.SkippedDocuments;
import io.docchat.indexer.source.Sources;
import io.docchat.indexer.job.IndexRunner;
import io.docchat.indexer.job.RunInProgressException;
import io.docchat.indexer.job.RunMode;
import io.docchat.indexer.job.RunProgress;
import io.docchat.indexer.job.RunRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * The operator's API: trigger a run, watch it, list recent runs and dead letters. Bound to loopback by
 * {@code server.address} until authentication (ADMIN role) lands.
 */
@RestController
@RequestMapping("/admin")
class AdminController {

    private final IndexRunner runner;
    private final RunProgress progress;
    private final DeadLetters deadLetters;
    private final SkippedDocuments skipped;
    private final Sources sources;
    private final IndexerProperties props;
    private final IndexVersions versions;

    AdminController(IndexRunner runner, RunProgress progress, DeadLetters deadLetters, SkippedDocuments skipped, Sources sources,
                    IndexerProperties props, IndexVersions versions) {
        this.versions = versions;
        this.sources = sources;
        this.props = props;
        this.runner = runner;
        this.progress = progress;
        this.deadLetters = deadLetters;
        this.skipped = skipped;
    }

    @PostMapping("/runs")
    ResponseEntity<RunView.Accepted> trigger(@RequestParam(defaultValue = "incremental") String mode,
                                             @RequestParam(defaultValue = "") String source,
                                             @RequestParam(defaultValue = "false") boolean force) {
        RunMode runMode = RunMode.parse(mode);
        if (!source.isEmpty() && sources.byName(source).isEmpty()) {
            throw new IllegalArgumentException("no source named " + source);
        }
        if (runner.current().isPresent()) {
            throw new RunInProgressException("this index");
        }
        RunRequest request = new RunRequest(runMode, source, java.time.Instant.now(), "admin", force);
        runner.submit(request);
        return ResponseEntity.accepted().location(URI.create("/admin/runs/current"))
                .body(new RunView.Accepted(runMode.param(), source, request.scheduledAt()));
    }

    /**
     * Points both aliases back at the newest kept older version. The answer names it, its embedding model, and
     * a warning when that model is not this indexer's: the next run would rebuild with the indexer's model (set
     * {@code docchat.embedding.*} back on the indexer and the chat servers to stay on the rolled-back version).
     */
    @PostMapping("/rollback")
    ResponseEntity<java.util.Map<String, String>> rollback() {
        return runner.rollback()
                .map(index -> ResponseEntity.ok(versions.rolledBack(index)))
                .orElseThrow(() -> {
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "no older version is kept to roll back to");
                    problem.setTitle("Nothing to roll back to");
                    return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
                });
    }

    /** Every kept version, newest first: which is live, its embedding model, when it was built, its gate figures. */
    @GetMapping("/versions")
    List<IndexVersions.Version> versions() {
        return versions.list();
    }

    @GetMapping("/runs/current")
    ResponseEntity<RunView> current() {
        return runner.current()
                .map(e -> ResponseEntity.ok(RunView.of(e, progress.snapshot())))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @GetMapping("/runs")
    List<RunView> recent(@RequestParam(defaultValue = "10") int limit) {
        return runner.recent(Math.min(Math.max(limit, 1), 100)).stream().map(e -> RunView.of(e, null)).toList();
    }

    @GetMapping("/runs/{id}/skipped")
    List<SkippedDocuments.Skipped> skipped(@PathVariable long id) {
        return skipped.forJob(id);
    }

    /**
     * The configured sources and who may read each: its groups as configured (strings the IdP may or may not
     * know; an unknown group still indexes, and shows here), or none for a public source.
     */
    @GetMapping("/sources")
    List<SourceView> sources() {
        return props.sources().stream().map(s -> new SourceView(s.name(), s.sitemap() != null ? "sitemap" : "folder",
                s.groups(), s.groups().isEmpty(), s.cron())).toList();
    }

    /** One source in {@code GET /admin/sources}. */
    record SourceView(String name, String kind, List<String> groups, boolean isPublic, String cron) {
    }

    @GetMapping("/dead-letters")
    List<DeadLetters.DeadLetter> deadLetters(@RequestParam(defaultValue = "50") int limit) {
        return deadLetters.recent(Math.min(Math.max(limit, 1), 500));
    }

    @ExceptionHandler(RunInProgressException.class)
    ProblemDetail inProgress(RunInProgressException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Run in progress");
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        return problem;
    }
}
