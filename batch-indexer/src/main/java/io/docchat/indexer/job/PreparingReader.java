package io.docchat.indexer.job;

import io.docchat.indexer.embed.CachingEmbedder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Keeps the model busy: two background stages run ahead of the step's writer, one listing, reading, parsing
 * and chunking changed documents, the other embedding them in batches (through the cache), so parsing and the
 * writer's bulk requests and commits overlap with embedding instead of taking turns with it. Work done ahead
 * is never committed before the writer commits it, so a crash loses only uncommitted, redoable work.
 */
class PreparingReader implements ItemStreamReader<PreparedDocument> {

    private static final Object END = new Object();

    private final ChangedDocumentReader changed;
    private final DocumentPreparer preparer;
    private final CachingEmbedder embedder;
    private final int batch;
    private final BlockingQueue<Object> parsed;
    private final BlockingQueue<Object> ready;
    private final List<Thread> stages = new ArrayList<>();
    private boolean done;

    PreparingReader(ChangedDocumentReader changed, DocumentPreparer preparer, CachingEmbedder embedder, int batch) {
        this.changed = changed;
        this.preparer = preparer;
        this.embedder = embedder;
        this.batch = batch;
        this.parsed = new ArrayBlockingQueue<>(batch * 2);
        this.ready = new ArrayBlockingQueue<>(batch * 2);
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        changed.open(context);
        done = false;
        stages.add(Thread.ofPlatform().daemon().name("index-parse").start(this::parseStage));
        stages.add(Thread.ofPlatform().daemon().name("index-embed").start(this::embedStage));
    }

    @Override
    public PreparedDocument read() throws Exception {
        if (done) {
            return null;
        }
        Object next = ready.take();
        if (next == END) {
            done = true;
            return null;
        }
        if (next instanceof Failure f) {
            done = true;
            throw new ItemStreamException("preparing documents failed: " + f.error(), f.error());
        }
        return (PreparedDocument) next;
    }

    @Override
    public void close() {
        stages.forEach(Thread::interrupt);
        for (Thread t : stages) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stages.clear();
        changed.close();
    }

    private void parseStage() {
        try {
            for (ChangedDocument doc = changed.read(); doc != null; doc = changed.read()) {
                parsed.put(preparer.prepare(doc));
            }
            parsed.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            offer(parsed, new Failure(e));
        }
    }

    private void embedStage() {
        try {
            List<Object> group = new ArrayList<>(batch);
            while (true) {
                group.clear();
                group.add(parsed.take());
                // Whatever else is ready joins this batch: never wait for a full batch while the model idles.
                parsed.drainTo(group, batch - 1);
                List<PreparedDocument> docs = new ArrayList<>();
                Object stop = null;
                for (Object o : group) {
                    if (o instanceof PreparedDocument d) {
                        docs.add(d);
                    } else {
                        stop = o;
                        break;
                    }
                }
                for (PreparedDocument d : embed(docs)) {
                    ready.put(d);
                }
                if (stop != null) {
                    ready.put(stop);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            offer(ready, new Failure(e));
        }
    }

    private List<PreparedDocument> embed(List<PreparedDocument> docs) {
        List<String> inputs = new ArrayList<>();
        docs.forEach(d -> inputs.addAll(d.embeddingInputs()));
        List<float[]> vectors = inputs.isEmpty() ? List.of() : embedder.embed(inputs);
        List<PreparedDocument> out = new ArrayList<>(docs.size());
        int at = 0;
        for (PreparedDocument d : docs) {
            out.add(d.withVectors(vectors.subList(at, at + d.chunks().size())));
            at += d.chunks().size();
        }
        return out;
    }

    private static void offer(BlockingQueue<Object> queue, Failure failure) {
        try {
            queue.put(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Failure(Throwable error) {
    }
}
