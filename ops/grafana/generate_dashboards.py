#!/usr/bin/env python3
"""Writes the Grafana dashboards under dashboards/ from the panel lists below.

Dashboards are generated so that a metric renamed in the apps is one edit here; run
`python3 ops/grafana/generate_dashboards.py` after changing it and commit the JSON too.
Metric names are the Prometheus forms of what the apps register with Micrometer.
"""
import json
import pathlib

OUT = pathlib.Path(__file__).parent / "dashboards"
DS = {"type": "prometheus", "uid": "prometheus"}


def panel(title, exprs, unit="short", kind="timeseries", w=12, h=8, desc=""):
    return {"title": title, "type": kind, "datasource": DS, "description": desc,
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "options": {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["mean", "max", "lastNotNull"]}}
            if kind == "timeseries" else {},
            "targets": [{"datasource": DS, "expr": e, "legendFormat": l, "refId": chr(65 + i)}
                        for i, (e, l) in enumerate(exprs)],
            "gridPos": {"w": w, "h": h}}


def row(title):
    return {"type": "row", "title": title, "collapsed": False, "gridPos": {"w": 24, "h": 1}, "panels": []}


def dashboard(uid, title, panels, tags):
    x = y = 0
    line_h = 0
    for i, p in enumerate(panels):
        p["id"] = i + 1
        w, h = p["gridPos"]["w"], p["gridPos"]["h"]
        if x + w > 24:
            x, y = 0, y + line_h
            line_h = 0
        p["gridPos"].update({"x": x, "y": y})
        x += w
        line_h = max(line_h, h)
        if p["type"] == "row":
            x, y, line_h = 0, y + h, 0
    return {"uid": uid, "title": title, "tags": tags, "timezone": "utc", "schemaVersion": 39, "version": 1,
            "editable": False, "refresh": "30s", "time": {"from": "now-6h", "to": "now"},
            "templating": {"list": [{"name": "instance", "type": "query", "datasource": DS, "includeAll": True,
                                     "multi": True, "query": "label_values(up{job=~\"chat-server|batch-indexer\"}, instance)",
                                     "refresh": 2, "current": {"text": "All", "value": "$__all"}}]},
            "annotations": {"list": []}, "panels": panels}


Q = lambda s: s  # readability only

chat = [
    row("Traffic and latency"),
    panel("Queries / s by API and status", [("sum by (api, status) (rate(chat_queries_total[5m]))", "{{api}} {{status}}")], "reqps", w=8),
    panel("Response time p50 / p95 / p99 by API",
          [(f"histogram_quantile({q}, sum by (le, api) (rate(chat_response_time_seconds_bucket[5m])))", f"{{{{api}}}} p{int(q*100)}")
           for q in (0.5, 0.95, 0.99)], "s", w=8),
    panel("HTTP 5xx ratio", [("sum(rate(http_server_requests_seconds_count{job=\"chat-server\",status=~\"5..\"}[5m])) / "
                              "clamp_min(sum(rate(http_server_requests_seconds_count{job=\"chat-server\"}[5m])), 1e-9)", "5xx")],
          "percentunit", w=8),
    row("Chat"),
    panel("Active conversations", [("max(chat_active_conversations)", "active")], kind="stat", w=6,
          desc="conversations with an answered question in the last 15 minutes, counted in PostgreSQL: every replica "
               "reports the same figure, hence max, not sum"),
    panel("Chat answers / s by status", [("sum by (status) (rate(chat_queries_total{api=\"chat\"}[5m]))", "{{status}}")],
          "reqps", w=6, desc="ok = answered (any mode), invalid = refused request, unavailable = search down, error = failed"),
    panel("Chat response time p50 / p95 / p99",
          [(f"histogram_quantile({q}, sum by (le) (rate(chat_response_time_seconds_bucket{{api=\"chat\"}}[5m])))", f"p{int(q*100)}")
           for q in (0.5, 0.95, 0.99)], "s", w=6, desc="server time from request to the stored answer, streaming included"),
    panel("Scrape targets up and analytics events / s",
          [("sum by (job) (up{job=~\"chat-server|batch-indexer\"})", "{{job}} up"),
           ("sum by (outcome) (rate(docchat_analytics_events_total[5m]))", "analytics {{outcome}}")], w=6,
          desc="analytics events for Kibana: dropped or failed ones never affect answers"),
    row("Search"),
    panel("Search latency by stage p50 / p95",
          [(f"histogram_quantile({q}, sum by (le, stage) (rate(docchat_search_stage_seconds_bucket[5m])))", f"{{{{stage}}}} p{int(q*100)}")
           for q in (0.5, 0.95)], "s", desc="embed = query embedding, elasticsearch = _msearch round trip, fusion = client-side RRF"),
    panel("Search admission: misses in flight, waiting p95, shed per second",
          [("sum(docchat_search_admission_in_flight)", "in flight"),
           ("histogram_quantile(0.95, sum by (le) (rate(docchat_search_admission_wait_seconds_bucket[5m]))) * 1000", "wait p95 ms"),
           ("sum(rate(docchat_search_admission_shed_total[5m]))", "shed/s")], "short",
          desc="cache misses wait here in arrival order when more run than docchat.search.admission.max-concurrent; "
               "shed = refused with 503 after max-wait"),
    panel("Chat stages: mean time per call",
          [("sum by (stage) (rate(docchat_chat_stage_seconds_sum[5m])) / clamp_min(sum by (stage) (rate(docchat_chat_stage_seconds_count[5m])), 1e-9)", "{{stage}}"),
           ("max(docchat_chat_before_llm_seconds{quantile=\"0.95\"})", "before LLM p95")], "s",
          desc="load, condense, retrieve, answer cache, route, prompt; 'before LLM' is request to LLM call"),
    row("Cache and rate limits"),
    panel("Cache hit ratio per cache and tier",
          [("sum by (cache, tier) (rate(docchat_cache_requests_total{result=\"hit\"}[5m])) / "
            "clamp_min(sum by (cache, tier) (rate(docchat_cache_requests_total{result=~\"hit|miss\"}[5m])), 1e-9)", "{{cache}} {{tier}}")],
          "percentunit", w=8, desc="l1 = Caffeine in the JVM, l2 = Redis; embeddings and results per request, "
          "chunks (the chunk cache of result-cache misses, L1 only) per chunk of a page"),
    panel("Redis (L2) errors and breakers",
          [("sum by (cache) (rate(docchat_cache_requests_total{tier=\"l2\",result=\"error\"}[5m]))", "{{cache}} L2 errors / s"),
           ("max(docchat_cache_redis_breaker_open)", "cache breaker open"),
           ("max(docchat_ratelimit_redis_breaker_open)", "rate-limit breaker open")], w=8,
          desc="a breaker at 1 keeps Redis out: caches answer from L1, rate limits are enforced per replica"),
    panel("Rate-limit rejections and local fallbacks / s",
          [("sum by (caller) (rate(docchat_ratelimit_rejections_total[5m]))", "rejected {{caller}}"),
           ("sum(rate(docchat_ratelimit_local_fallback_total[5m]))", "local fallback (Redis down)")], "reqps", w=8),
    row("LLM"),
    panel("LLM tokens / s by model and type", [("sum by (model, type) (rate(openai_tokens_used_total[5m]))", "{{model}} {{type}}")], w=8),
    panel("LLM cost (USD per hour) by model", [("sum by (model) (increase(docchat_llm_cost_usd_total[1h]))", "{{model}}")], "currencyUSD", w=8),
    panel("Answers by mode", [("sum by (mode) (rate(docchat_chat_answers_total[5m]))", "{{mode}}")], w=8,
          desc="llm versus extractive (no endpoint, budget spent or LLM failure)"),
    panel("LLM call time (mean and max) by model",
          [("sum by (model) (rate(docchat_llm_call_seconds_sum[5m])) / clamp_min(sum by (model) (rate(docchat_llm_call_seconds_count[5m])), 1e-9)", "{{model}} mean"),
           ("max by (model) (docchat_llm_call_seconds_max)", "{{model}} max")], "s"),
    panel("LLM calls / s by outcome", [("sum by (outcome) (rate(docchat_llm_call_seconds_count[5m]))", "{{outcome}}")], "reqps"),
]

indexer = [
    row("Throughput"),
    panel("Documents / s by outcome", [("sum by (outcome) (rate(docchat_indexer_documents_total[5m]))", "{{outcome}}")], w=8),
    panel("Chunks / s", [("sum(rate(docchat_indexer_chunks_total[5m]))", "chunks"),
                         ("sum(rate(docchat_indexer_chunks_refused_total[5m]))", "refused")], w=8),
    panel("Documents remaining in the run", [("sum(docchat_indexer_run_documents_remaining)", "remaining")], kind="stat", w=8),
    row("Stages"),
    panel("Mean time per call by stage",
          [(f"sum(rate(docchat_indexer_{s}_seconds_sum[5m])) / clamp_min(sum(rate(docchat_indexer_{s}_seconds_count[5m])), 1e-9)", s)
           for s in ("parse", "embed", "bulk")], "s"),
    panel("Busy time by stage (s per s)",
          [(f"sum(rate(docchat_indexer_{s}_seconds_sum[5m]))", s) for s in ("parse", "embed", "bulk")], "s",
          desc="seconds spent per wall-clock second: embedding dominates when the pipeline is healthy"),
    panel("Embedding cache hit ratio",
          [("sum(rate(docchat_indexer_embedding_cache_total{result=\"hit\"}[5m])) / clamp_min(sum(rate(docchat_indexer_embedding_cache_total[5m])), 1e-9)", "hit ratio")],
          "percentunit"),
    panel("Scheduled firings", [("sum by (outcome) (increase(docchat_indexer_schedule_firings_total[1h]))", "{{outcome}}")]),
    panel("Bulk retries and dead letters", [("sum(increase(docchat_indexer_bulk_retries_total[5m]))", "retries"),
                                            ("sum(increase(docchat_indexer_dead_letters_total[5m]))", "dead letters")]),
]

jvm = [
    row("Memory"),
    panel("Heap used / max", [("sum by (instance) (jvm_memory_used_bytes{area=\"heap\",instance=~\"$instance\"})", "{{instance}} used"),
                              ("sum by (instance) (jvm_memory_max_bytes{area=\"heap\",instance=~\"$instance\"})", "{{instance}} max")], "bytes"),
    panel("GC pause time (s per s)", [("sum by (instance) (rate(jvm_gc_pause_seconds_sum{instance=~\"$instance\"}[5m]))", "{{instance}}")], "s"),
    row("CPU and threads"),
    panel("Process CPU", [("process_cpu_usage{instance=~\"$instance\"}", "{{instance}}")], "percentunit"),
    panel("Live threads", [("jvm_threads_live_threads{instance=~\"$instance\"}", "{{instance}}")]),
    panel("HikariCP active connections", [("hikaricp_connections_active{instance=~\"$instance\"}", "{{instance}} {{pool}}")]),
    panel("Uptime", [("process_uptime_seconds{instance=~\"$instance\"}", "{{instance}}")], "s", kind="stat"),
]

OUT.mkdir(exist_ok=True)
for uid, title, panels, tags in (("docchat-chat", "DocChat: chat and search", chat, ["docchat", "chat-server"]),
                                 ("docchat-indexer", "DocChat: batch indexer", indexer, ["docchat", "batch-indexer"]),
                                 ("docchat-jvm", "DocChat: JVM", jvm, ["docchat", "jvm"])):
    (OUT / f"{uid}.json").write_text(json.dumps(dashboard(uid, title, panels, tags), indent=2) + "\n")
    print("wrote", OUT / f"{uid}.json")
