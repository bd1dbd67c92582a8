package org.esmtp4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps MIGRATION.md complete: its function table must have exactly one row for each function
 * that libESMTP 1.1.0 exports, so a row cannot be lost or duplicated silently.
 */
class MigrationDocTest {

    /** The guide, relative to the module directory that Surefire runs in. */
    private static final Path GUIDE = Path.of("..", "MIGRATION.md");

    /**
     * {@code nm -D /usr/lib/x86_64-linux-gnu/libesmtp.so.6 | grep ' T '}, sorted: the 71
     * functions that libesmtp.so.6 (1.1.0) exports.
     */
    private static final List<String> EXPORTED_FUNCTIONS = List.of(
            "_smtp_message_fp_cb",
            "_smtp_message_str_cb",
            "auth_client_enabled",
            "auth_client_exit",
            "auth_client_init",
            "auth_create_context",
            "auth_decode",
            "auth_destroy_context",
            "auth_encode",
            "auth_get_ssf",
            "auth_mechanism_name",
            "auth_response",
            "auth_set_external_id",
            "auth_set_interact_cb",
            "auth_set_mechanism",
            "auth_set_mechanism_flags",
            "auth_set_mechanism_ssf",
            "smtp_8bitmime_set_body",
            "smtp_add_message",
            "smtp_add_recipient",
            "smtp_auth_set_context",
            "smtp_create_session",
            "smtp_deliverby_set_mode",
            "smtp_destroy_session",
            "smtp_dsn_set_envid",
            "smtp_dsn_set_notify",
            "smtp_dsn_set_orcpt",
            "smtp_dsn_set_ret",
            "smtp_enumerate_messages",
            "smtp_enumerate_recipients",
            "smtp_errno",
            "smtp_etrn_add_node",
            "smtp_etrn_enumerate_nodes",
            "smtp_etrn_get_application_data",
            "smtp_etrn_node_status",
            "smtp_etrn_set_application_data",
            "smtp_etrn_set_application_data_release",
            "smtp_get_application_data",
            "smtp_get_server_name",
            "smtp_message_get_application_data",
            "smtp_message_reset_status",
            "smtp_message_set_application_data",
            "smtp_message_set_application_data_release",
            "smtp_message_transfer_status",
            "smtp_option_require_all_recipients",
            "smtp_recipient_check_complete",
            "smtp_recipient_get_application_data",
            "smtp_recipient_reset_status",
            "smtp_recipient_set_application_data",
            "smtp_recipient_set_application_data_release",
            "smtp_recipient_status",
            "smtp_reverse_path_status",
            "smtp_set_application_data",
            "smtp_set_application_data_release",
            "smtp_set_eventcb",
            "smtp_set_header",
            "smtp_set_header_option",
            "smtp_set_hostname",
            "smtp_set_messagecb",
            "smtp_set_monitorcb",
            "smtp_set_resent_headers",
            "smtp_set_reverse_path",
            "smtp_set_server",
            "smtp_set_timeout",
            "smtp_size_set_estimate",
            "smtp_start_session",
            "smtp_starttls_enable",
            "smtp_starttls_set_ctx",
            "smtp_starttls_set_password_cb",
            "smtp_strerror",
            "smtp_version");

    /**
     * What a C function name of libESMTP looks like: event constants are upper case, and type
     * names ({@code smtp_session_t}, ...) end in {@code _t}, which no exported function does.
     */
    private static final Pattern LIBESMTP_FUNCTION = Pattern.compile("_?(smtp|auth)_[a-z0-9_]+(?<!_t)");

    /** A table cell boundary: a pipe not escaped with a backslash. */
    private static final Pattern CELL_SEPARATOR = Pattern.compile("(?<!\\\\)\\|");

    @Test
    void everyExportedFunctionIsTheFirstCellOfExactlyOneRow() throws IOException {
        assertEquals(71, new HashSet<>(EXPORTED_FUNCTIONS).size(), "the export list itself");

        Map<String, Integer> rowsPerFunction = new TreeMap<>();
        for (String function : EXPORTED_FUNCTIONS) {
            rowsPerFunction.put(function, 0);
        }
        for (String cell : firstCellsOfTableRows()) {
            rowsPerFunction.computeIfPresent(cell, (name, count) -> count + 1);
        }

        List<String> missing = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        rowsPerFunction.forEach((name, count) -> {
            if (count == 0) {
                missing.add(name);
            } else if (count > 1) {
                repeated.add(name + " (" + count + " rows)");
            }
        });
        assertEquals(List.of(), missing, "functions without a row in " + GUIDE);
        assertEquals(List.of(), repeated, "functions with more than one row in " + GUIDE);
    }

    @Test
    void noRowNamesAFunctionThatLibesmtpDoesNotExport() throws IOException {
        Set<String> exported = Set.copyOf(EXPORTED_FUNCTIONS);
        List<String> unknown = new ArrayList<>();
        for (String cell : firstCellsOfTableRows()) {
            if (LIBESMTP_FUNCTION.matcher(cell).matches() && !exported.contains(cell)) {
                unknown.add(cell);
            }
        }
        // A misspelt name would otherwise count as neither present nor extra.
        assertEquals(List.of(), unknown, "rows naming functions that libesmtp.so.6 does not export");
    }

    @Test
    void tableParserSeesTheFunctionTable() throws IOException {
        List<String> cells = firstCellsOfTableRows();
        assertTrue(cells.contains("C function"), "the function table's header row was not found in " + GUIDE);
        assertTrue(cells.contains("SMTP_EV_CONNECT"), "the event table was not found in " + GUIDE);
    }

    /**
     * The first cell of every Markdown table row outside code blocks, with backticks and
     * surrounding blanks removed; separator rows ({@code |---|}) are skipped.
     */
    private static List<String> firstCellsOfTableRows() throws IOException {
        List<String> cells = new ArrayList<>();
        boolean inCodeBlock = false;
        for (String line : Files.readAllLines(GUIDE, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                inCodeBlock = !inCodeBlock;
                continue;
            }
            if (inCodeBlock || !trimmed.startsWith("|")) {
                continue;
            }
            String[] parts = CELL_SEPARATOR.split(trimmed, -1);
            if (parts.length < 3) {
                continue;
            }
            String first = parts[1].replace("`", "").strip();
            if (first.matches(":?-+:?")) {
                continue;
            }
            cells.add(first);
        }
        return cells;
    }
}
