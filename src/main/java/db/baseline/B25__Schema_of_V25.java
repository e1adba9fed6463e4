package db.baseline;

import db.migration.V20__Payload_search;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.baseline.BaselineJavaMigration;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * A new, empty store's schema as the migrations V1 to V25 leave it, made in one step (Flyway's baseline migration):
 * on H2, running the 13 migrations one by one cost a new store most of a second of its start. A store that has a
 * history already ignores it and runs the V migrations after its last one. Each column is explained in the migration
 * that added it; BaselineSchemaIT checks that both ways lead to the same schema, on H2 and PostgreSQL. A later change
 * of the schema is a new V migration (V26 on), which runs after this baseline as after V25; this one stays as it is.
 */
public class B25__Schema_of_V25 extends BaselineJavaMigration {

    /** The tables and indexes both databases have; the jobs and audit_log numbers are {identity} columns. */
    private static final String TABLES = """
            CREATE TABLE worker_groups (
                queue      VARCHAR(200) PRIMARY KEY,
                config     TEXT         NOT NULL,
                updated_at TIMESTAMP    NOT NULL
            );
            CREATE TABLE jobs (
                id                     VARCHAR(200) PRIMARY KEY,
                seq                    BIGINT {identity} NOT NULL,
                queue                  VARCHAR(200) NOT NULL,
                status                 VARCHAR(16)  NOT NULL,
                generation             INT          NOT NULL,
                payload                TEXT,
                payload_hash           VARCHAR(64)  NOT NULL,
                headers                TEXT,
                attempts               INT          NOT NULL,
                created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
                started_at             TIMESTAMP WITH TIME ZONE,
                finished_at            TIMESTAMP WITH TIME ZONE,
                updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
                result_status          INT,
                result_body            TEXT,
                error                  TEXT,
                attempt_started_at     TIMESTAMP WITH TIME ZONE,
                attempt_worker         VARCHAR(200),
                attempt_duration_ms    BIGINT,
                payload_bytes          BYTEA,
                content_type           VARCHAR(255),
                content_encoding       VARCHAR(255),
                attempt_retry_after_ms BIGINT
            );
            CREATE UNIQUE INDEX jobs_seq ON jobs (seq);
            CREATE INDEX jobs_queue_seq ON jobs (queue, seq);
            CREATE INDEX jobs_status_seq ON jobs (status, seq);
            CREATE TABLE job_attempts (
                job_id         VARCHAR(200) NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
                n              INT          NOT NULL,
                started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
                duration_ms    BIGINT,
                worker         VARCHAR(200),
                http_status    INT,
                error          TEXT,
                retry_after_ms BIGINT,
                PRIMARY KEY (job_id, n)
            );
            CREATE TABLE unconfirmed_jobs (
                id VARCHAR(200) PRIMARY KEY
            );
            CREATE TABLE api_keys (
                id             VARCHAR(40)  PRIMARY KEY,
                name           VARCHAR(200) NOT NULL,
                role           VARCHAR(16)  NOT NULL,
                queue_patterns TEXT,
                key_hash       VARCHAR(64)  NOT NULL,
                key_prefix     VARCHAR(20)  NOT NULL,
                configured     BOOLEAN      NOT NULL,
                created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
                last_used_at   TIMESTAMP WITH TIME ZONE,
                expires_at     TIMESTAMP WITH TIME ZONE
            );
            CREATE UNIQUE INDEX api_keys_hash ON api_keys (key_hash);
            CREATE TABLE audit_log (
                seq      BIGINT {identity} NOT NULL,
                at       TIMESTAMP WITH TIME ZONE NOT NULL,
                key_id   VARCHAR(40),
                key_name VARCHAR(200),
                method   VARCHAR(10)  NOT NULL,
                path     VARCHAR(2000) NOT NULL,
                target   VARCHAR(400),
                status   INT          NOT NULL,
                outcome  VARCHAR(16)  NOT NULL
            );
            CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
            CREATE INDEX audit_log_at ON audit_log (at);
            CREATE TABLE warren_instances (
                id           VARCHAR(80)  PRIMARY KEY,
                host         VARCHAR(255) NOT NULL,
                started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
                heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
                running      TEXT         NOT NULL,
                type_hashes  TEXT         NOT NULL
            );
            CREATE TABLE schedules (
                name         VARCHAR(200)  PRIMARY KEY,
                queue        VARCHAR(200)  NOT NULL,
                definition   TEXT          NOT NULL,
                paused       BOOLEAN       NOT NULL,
                next_run_at  BIGINT,
                last_run_at  BIGINT,
                last_job_ids TEXT,
                last_error   VARCHAR(1000),
                runs         BIGINT        NOT NULL,
                created_at   BIGINT        NOT NULL,
                updated_at   BIGINT        NOT NULL
            );
            CREATE INDEX schedules_next_run ON schedules (next_run_at);
            CREATE TABLE kafka_worker_groups (
                topic      VARCHAR(249) PRIMARY KEY,
                spec       TEXT         NOT NULL,
                paused     BOOLEAN      NOT NULL,
                updated_at TIMESTAMP    NOT NULL
            )""";

    @Override
    public void migrate(Context context) throws SQLException {
        boolean h2 = context.getConnection().getMetaData().getDatabaseProductName().equals("H2");
        String identity = h2
                ? "GENERATED BY DEFAULT AS IDENTITY (CACHE 1000)" // V24's cache of numbers, on H2 only
                : "GENERATED BY DEFAULT AS IDENTITY";
        try (Statement statement = context.getConnection().createStatement()) {
            for (String table : TABLES.replace("{identity}", identity).split(";\n")) {
                statement.execute(table);
            }
            if (!h2) {
                statement.execute("CREATE INDEX jobs_created ON jobs (created_at)");
            }
        }
        new V20__Payload_search().migrate(context);
    }
}
