package io.leakscan.secret;

/**
 * A column that holds sealed secrets, declared as a bean by the module that owns its table so the re-seal job can
 * migrate it without knowing that module. Names come from code, never from input.
 *
 * @param idColumn the table's primary key column, a uuid
 */
public record SealedColumn(String table, String idColumn, String column) {
}
