# ---- build ---------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
# dependencies first: this layer is reused until pom.xml changes
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

# ---- runtime -------------------------------------------------------------
FROM eclipse-temurin:21-jre
# curl is only for the HEALTHCHECK (the base image does not reliably ship curl or wget)
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 warren \
 && useradd --system --uid 10001 --gid warren --home-dir /app --no-create-home --shell /usr/sbin/nologin warren
WORKDIR /app
# dependency jars first (changes rarely), then the app jar (its manifest Class-Path points at lib/)
COPY --from=build /build/target/lib/ /app/lib/
COPY --from=build /build/target/warren.jar /app/warren.jar
# the app reads ./application.properties and ./routes/ from its working directory
COPY application.properties /app/application.properties
COPY routes/ /app/routes/
# the embedded store lives in ./data
RUN mkdir -p /app/data && chown warren:warren /app/data
USER warren
EXPOSE 8080
ENV JAVA_OPTS=""
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/observe/health/ready || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/warren.jar"]
