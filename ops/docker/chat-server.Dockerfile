# syntax=docker/dockerfile:1
# DocChat chat-server: built from source in a JDK stage, run from the Spring Boot *-exec.jar on a JRE as a non-root user.
#   docker build -f ops/docker/chat-server.Dockerfile -t docchat/chat-server .
# The official Maven image on Temurin 25: Maven and the JDK the project builds with, nothing else. Exact
# versions, no floating tags; pin digests too where your registry policy wants them (ops/DEPLOY.md, Images).
ARG BUILD_IMAGE=maven:3.9.11-eclipse-temurin-25
ARG JRE_IMAGE=eclipse-temurin:25.0.1_8-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Poms first so the dependency layer is cached until a pom changes.
COPY pom.xml ./
COPY elastic/pom.xml elastic/
COPY web/pom.xml web/
COPY batch-indexer/pom.xml batch-indexer/
COPY chat-server/pom.xml chat-server/
COPY ops/bench/pom.xml ops/bench/
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q -pl chat-server -am dependency:go-offline -DskipTests || true
COPY elastic elastic
COPY web web
COPY batch-indexer batch-indexer
COPY chat-server chat-server
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp -q -pl chat-server -am package -DskipTests \
 && cp chat-server/target/docchat-chat-server-*-exec.jar /app.jar \
 && mkdir /layers && cd /layers && java -Djarmode=tools -jar /app.jar extract --layers --launcher --destination /layers

FROM ${JRE_IMAGE}
# curl for the container healthcheck (GET /readyz on the app port).
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
# A fixed uid/gid so volumes and the k8s securityContext (runAsUser 10001) agree.
# /var/log/docchat: the log file Filebeat ships (a volume in compose; the image's ownership seeds it).
RUN groupadd --system --gid 10001 docchat && useradd --system --uid 10001 --gid docchat --home /app docchat \
 && mkdir -p /var/log/docchat && chown docchat:docchat /var/log/docchat
WORKDIR /app
COPY --from=build --chown=docchat:docchat /layers/dependencies/ ./
COPY --from=build --chown=docchat:docchat /layers/spring-boot-loader/ ./
COPY --from=build --chown=docchat:docchat /layers/snapshot-dependencies/ ./
COPY --from=build --chown=docchat:docchat /layers/application/ ./
USER 10001:10001
# Generational ZGC: sub-millisecond pauses instead of G1's 10-37 ms young pauses, which every in-flight request
# waited out; in the search benchmark also the higher cache-miss throughput (ops/bench/results/search.md).
ENV SPRING_PROFILES_ACTIVE=prod \
    JAVA_TOOL_OPTIONS="-XX:+UseZGC -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
# 8080: the API; 9080: the actuator (management port: health, Prometheus), never published or routed.
EXPOSE 8080 9080
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
