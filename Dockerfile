# ---- build ---------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
# dependencies first: this layer is reused until pom.xml changes
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

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
# the embedded store (when no PostgreSQL is configured) lives in ./data
RUN mkdir -p /app/data && chown warren:warren /app/data
USER warren
EXPOSE 8080
# heap from the container's memory limit; a JVM out of memory exits so that the platform restarts it
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# busybox wget exits non-zero on a 503: ready means the broker and the store answer and every group consumes
# with warren.http.tls.* set the port speaks HTTPS only; the probe asks readiness on loopback, not who answers
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:8080/observe/health/ready \
   || wget -q --no-check-certificate -O /dev/null https://127.0.0.1:8080/observe/health/ready || exit 1
# SIGTERM: warren refuses publishes, lets in-flight deliveries finish (warren.shutdown.timeout) and exits 0.
# exec makes java PID 1, so that it receives the signal.
STOPSIGNAL SIGTERM
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/warren.jar"]
