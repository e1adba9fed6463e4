# ---- build ---------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
# dependencies first: this layer is reused until pom.xml changes
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
# the image writes its own class-data archive below, with its own JVM
RUN mvn -B -q package -DskipTests -Dwarren.cds.skip=true
# the training run's driver (as the Maven build uses it), compiled here: the runtime image has no compiler to run it as source
RUN javac -d /build/cds-training src/build/CdsTraining.java

# ---- runtime: a JRE only, as a non-root user -------------------------------
FROM eclipse-temurin:21-jre-alpine
RUN addgroup -S -g 10001 warren \
 && adduser -S -u 10001 -G warren -h /app -H -s /sbin/nologin warren
WORKDIR /app
# layers from the least to the most often changed: dependency jars, configuration, then the app jar
# (its manifest Class-Path points at lib/)
COPY --from=build /build/target/lib/ /app/lib/
# the app reads ./application.properties and ./routes/ from its working directory
COPY application.properties /app/application.properties
COPY routes/ /app/routes/
COPY --from=build /build/target/warren.jar /app/warren.jar
# the class-data archive (AppCDS) for a faster start, written by this image's own JVM (an archive only serves the JVM
# that wrote it): a training run on a throw-away store, with no broker, driven by src/build/CdsTraining.java as in the
# Maven build: it asks warren for its health until warren has started, then stops it
COPY --from=build /build/cds-training/ /tmp/cds-driver/
RUN timeout 180 java -cp /tmp/cds-driver CdsTraining 18079 /dev/null -XX:ArchiveClassesAtExit=/app/warren.jsa -Xlog:disable \
      -Dcamel.server.port=18079 "-Dwarren.store.url=jdbc:h2:file:/tmp/cds-training/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" \
      -Dwarren.rabbitmq.uri=amqp://guest:guest@127.0.0.1:1 -Dwarren.rabbitmq.management-uri=http://guest:guest@127.0.0.1:1 \
      -Dwarren.auth.admin-key=wrn_class-data-archive-training-only-0123456789 -jar /app/warren.jar >/dev/null 2>&1; \
    rm -rf /tmp/cds-training /tmp/cds-driver; test -s /app/warren.jsa
# the embedded store (when no PostgreSQL is configured) lives in ./data
RUN mkdir -p /app/data && chown warren:warren /app/data
USER warren
EXPOSE 8080
# heap from the container's memory limit; a JVM out of memory exits so that the platform restarts it; the class-data
# archive and a heap that starts small and gives memory back, as in jvm.options (docs/configuration.md, "JVM options")
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:SharedArchiveFile=/app/warren.jsa -Xms32m -XX:G1PeriodicGCInterval=10000 -XX:-G1PeriodicGCInvokesConcurrent -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=15"
# busybox wget exits non-zero on a 503: ready means the broker and the store answer and every group consumes
# with warren.http.tls.* set the port speaks HTTPS only; the probe asks readiness on loopback, not who answers
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/observe/health/ready \
   || wget -q --no-check-certificate -O /dev/null https://127.0.0.1:8080/observe/health/ready || exit 1
# SIGTERM: warren refuses publishes, lets in-flight deliveries finish (warren.shutdown.timeout) and exits 0.
# exec makes java PID 1, so that it receives the signal.
STOPSIGNAL SIGTERM
# JAVA_OPTS_APPEND adds options to these (JAVA_OPTS set at run time replaces them all, the archive's too)
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /app/warren.jar"]
