package io.leakscan.modulefixture.engine;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Breaks "the engine is free of the database". */
public class JdbcEngine {

    public int count(JdbcClient jdbc) {
        return jdbc.sql("SELECT 1").query(Integer.class).single();
    }
}
