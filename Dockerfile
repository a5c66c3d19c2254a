# SMS Bridge image: docker build -t sms-bridge .   (docker-compose.yml builds it too)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app smsbridge
WORKDIR /app
COPY --from=build /src/target/sms-bridge.jar app.jar
# Routes and configuration stay files: operators mount their own over these.
COPY routes routes
COPY config config
RUN mkdir -p data && chown smsbridge data
USER smsbridge
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s CMD curl -fs http://localhost:8080/actuator/health/readiness || exit 1
# The JVM's options (a 192 MB heap: a node of 512 MB) are in config/jvm.options, like every other way of starting it;
# JAVA_OPTS come after them: give a container with more memory a larger heap there (e.g. JAVA_OPTS=-Xmx1g).
ENV JAVA_OPTS="" MALLOC_ARENA_MAX=2
ENTRYPOINT ["sh", "-c", "exec java @config/jvm.options $JAVA_OPTS -jar app.jar \"$@\"", "--"]
