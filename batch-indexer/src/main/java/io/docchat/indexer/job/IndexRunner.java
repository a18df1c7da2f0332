package io.docchat.indexer.job;

import io.docchat.elastic.IndexManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one way runs start (admin API, Quartz, one-shot mode): under the run lock, first finish runs that a
 * crash left STARTED (recover marks them FAILED, restart resumes them from their last commit), then start
 * the requested run.
 */
@Component
public class IndexRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IndexRunner.class);

    private final JobOperator operator;
    private final JobRepository repository;
    private final Job job;
    private final RunLock lock;
    private final String family;
    private final IndexManager indexes;
    private static final Duration LOCAL_WAIT = Duration.ofSeconds(10);

    private final ReentrantLock local = new ReentrantLock();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> new Thread(r, "index-run"));

    IndexRunner(JobOperator operator, JobRepository repository, Job indexDocsJob, RunLock lock, IndexManager indexes) {
        this.operator = operator;
        this.repository = repository;
        this.job = indexDocsJob;
        this.lock = lock;
        this.family = indexes.names().prefix();
        this.indexes = indexes;
    }

    /** Runs synchronously; throws {@link RunInProgressException} when another run holds the lock. */
    public JobExecution run(RunRequest request) {
        if (!localTurn()) {
            throw new RunInProgressException(family);
        }
        try (RunLock.Held held = lock.tryAcquire(family).orElseThrow(() -> new RunInProgressException(family))) {
            resumeInterruptedLocked();
            return operator.start(job, parameters(request));
        } catch (JobInstanceAlreadyCompleteException e) {
            log.info("run {} already completed: nothing to do", request);
            return null;
        } catch (RunInProgressException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start run " + request + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    /**
     * Waits briefly for this process's own turn, so a request arriving while the start-up check for
     * interrupted runs holds the lock queues behind it instead of failing.
     */
    private boolean localTurn() {
        try {
            return local.tryLock(LOCAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Points the aliases back at the newest kept version before the live one, under the run lock so no run is
     * writing meanwhile. That version's manifest was kept with it, so the next incremental run diffs against it.
     */
    public Optional<String> rollback() {
        if (!localTurn()) {
            throw new RunInProgressException(family);
        }
        try (RunLock.Held held = lock.tryAcquire(family).orElseThrow(() -> new RunInProgressException(family))) {
            return indexes.rollback();
        } finally {
            local.unlock();
        }
    }

    /** Runs in the background; the future fails with {@link RunInProgressException} when the lock is taken. */
    public CompletableFuture<JobExecution> submit(RunRequest request) {
        return CompletableFuture.supplyAsync(() -> run(request), background).whenComplete((execution, error) -> {
            if (error != null) {
                log.warn("run {} did not start: {}", request, error.getMessage());
            }
        });
    }

    /** Resumes runs that a crash left behind, if no instance is running one; returns what was resumed. */
    public List<JobExecution> resumeInterrupted() {
        if (!localTurn()) {
            return List.of();
        }
        try {
            Optional<RunLock.Held> held = lock.tryAcquire(family);
            if (held.isEmpty()) {
                return List.of();
            }
            try (RunLock.Held h = held.get()) {
                return resumeInterruptedLocked();
            }
        } finally {
            local.unlock();
        }
    }

    private List<JobExecution> resumeInterruptedLocked() {
        List<JobExecution> orphans = repository.findRunningJobExecutions(JobKeys.JOB).stream()
                .filter(e -> family.equals(e.getJobParameters().getString(JobKeys.INDEX)))
                .sorted(Comparator.comparing(JobExecution::getId))
                .toList();
        return orphans.stream().map(orphan -> {
            log.warn("run {} was left {} by a crash: recovering and restarting it", orphan.getId(), orphan.getStatus());
            JobExecution recovered = operator.recover(orphan);
            try {
                JobExecution resumed = operator.restart(recovered);
                log.info("run {} resumed as {}: {}", orphan.getId(), resumed.getId(), resumed.getStatus());
                return resumed;
            } catch (Exception e) {
                log.error("cannot restart run {}: {}", orphan.getId(), e.toString());
                return recovered;
            }
        }).toList();
    }

    /** The current or latest executions of this index family, newest first. */
    public List<JobExecution> recent(int limit) {
        return repository.getJobInstances(JobKeys.JOB, 0, Math.max(limit * 3, 20)).stream()
                .flatMap(i -> repository.getJobExecutions(i).stream())
                .filter(e -> family.equals(e.getJobParameters().getString(JobKeys.INDEX)))
                .sorted(Comparator.comparing(JobExecution::getId).reversed())
                .limit(limit)
                .toList();
    }

    public Optional<JobExecution> current() {
        return repository.findRunningJobExecutions(JobKeys.JOB).stream()
                .filter(e -> family.equals(e.getJobParameters().getString(JobKeys.INDEX)))
                .max(Comparator.comparing(JobExecution::getId));
    }

    private JobParameters parameters(RunRequest request) {
        return new JobParametersBuilder()
                .addString(JobKeys.INDEX, family, true)
                .addString(JobKeys.MODE, request.mode().param(), true)
                .addString(JobKeys.SOURCE, request.source(), true)
                .addString(JobKeys.SCHEDULED_AT, request.scheduledAt().toString(), true)
                .addString(JobKeys.TRIGGER, request.trigger(), false)
                .addString(JobKeys.FORCE, String.valueOf(request.force()), false)
                .toJobParameters();
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
