# syntax=docker/dockerfile:1
# Multi-stage build: compile with the Maven wrapper on a JDK 21, run the layered jar as a non-root user on a JRE.
# (Not runnable on our build machines, which have no Docker engine; kept correct by reading.)

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY engine/pom.xml engine/
COPY cli/pom.xml cli/
COPY service/pom.xml service/
RUN ./mvnw -B -ntp dependency:go-offline
COPY db/ db/
COPY engine/src/ engine/src/
COPY cli/src/ cli/src/
COPY service/src/ service/src/
# The service module and the engine it needs (the CLI has its own jar and image)
RUN ./mvnw -B -ntp -DskipTests -pl service -am package \
 && java -Djarmode=tools -jar service/target/leakscan-service-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:21-jre AS runtime
RUN groupadd --system leakscan && useradd --system --gid leakscan --home-dir /app --shell /usr/sbin/nologin leakscan \
 && mkdir -p /data && chown leakscan:leakscan /data
WORKDIR /app
# /app is read-only for the service's user; what it writes (the embedded PostgreSQL without a datasource) goes to /data
ENV LEAKSCAN_EMBEDDEDPOSTGRES_DATADIRECTORY=/data/postgres
VOLUME /data
# Least-changing layers first so a code change rebuilds only the last one.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER leakscan:leakscan
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
