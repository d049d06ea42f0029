# syntax=docker/dockerfile:1
# Multi-stage build: compile with the Maven wrapper on a JDK 21, run the layered jar as a non-root user on a JRE.
# (Not runnable on our build machines, which have no Docker engine; kept correct by reading.)

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY db/ db/
COPY src/ src/
RUN ./mvnw -B -ntp -DskipTests package \
 && java -Djarmode=tools -jar target/leakscan-*.jar extract --layers --launcher --destination /layers

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
