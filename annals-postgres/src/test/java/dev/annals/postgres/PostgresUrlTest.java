package dev.annals.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StoreOpenException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

class PostgresUrlTest {

    @Test
    void a_plain_url_becomes_a_jdbc_url_and_driver_properties_with_user_password_and_options_taken_out() {
        PostgresUrl url = PostgresUrl.parse("postgresql://db.example:6543/app?user=svc&password=s3cret&schema=events&poolSize=3&sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/app");
        assertThat(url.driverProperties()).containsExactly(Map.entry("sslmode", "require"));
        assertThat(url.user()).isEqualTo("svc");
        assertThat(url.password()).isEqualTo("s3cret");
        assertThat(url.options().schema()).isEqualTo("events");
        assertThat(url.options().maxPoolSize()).isEqualTo(3);
        assertThat(url.display()).isEqualTo("postgresql://db.example:6543/app?schema=events").doesNotContain("s3cret");
    }

    @Test
    void jdbc_urls_and_user_info_are_accepted_and_defaults_apply() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://bob:pw@localhost/test");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/test");
        assertThat(url.driverProperties()).isEmpty();
        assertThat(url.user()).isEqualTo("bob");
        assertThat(url.password()).isEqualTo("pw");
        assertThat(url.options()).isEqualTo(PostgresOptions.DEFAULTS);
        assertThat(new PostgresBackendProvider().accepts("postgresql://h/d")).isTrue();
        assertThat(new PostgresBackendProvider().accepts("sqlite:x.db")).isFalse();
    }

    @Test
    void an_escaped_percent_sign_reaches_the_driver_decoded_once() throws SQLException {
        PostgresUrl url = PostgresUrl.parse("postgresql://h/d?ApplicationName=100%25");

        assertThat(url.driverProperties()).containsExactly(Map.entry("ApplicationName", "100%"));
        assertThat(asTheDriverSeesIt(url).getProperty("ApplicationName")).isEqualTo("100%");
    }

    @Test
    void an_escaped_ampersand_stays_inside_its_value_and_sets_no_second_parameter() throws SQLException {
        PostgresUrl url = PostgresUrl.parse("postgresql://h/d?ApplicationName=x%26socketTimeout%3D1");

        assertThat(url.driverProperties()).containsExactly(Map.entry("ApplicationName", "x&socketTimeout=1"));
        Properties seen = asTheDriverSeesIt(url);
        assertThat(seen.getProperty("ApplicationName")).isEqualTo("x&socketTimeout=1");
        assertThat(seen.getProperty("socketTimeout")).as("the deadlines' own, not the value's text").isEqualTo("33");
    }

    @Test
    void a_reserved_word_is_a_schema_name_like_any_other() {
        assertThat(PostgresUrl.parse("postgresql://h/d?schema=select").options().schema()).isEqualTo("select");
        assertThat(PostgresOptions.DEFAULTS.withSchema("select").quotedSchema()).isEqualTo("\"select\"");
    }

    @Test
    void schema_names_postgres_would_read_otherwise_or_reserves_are_refused_with_the_name_shown() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?schema=Bad-Name"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("schema must be a lower-case PostgreSQL identifier")
                .hasMessageContaining("'Bad-Name'");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?schema=pg_events"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("not starting with pg_").hasMessageContaining("'pg_events'");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?schema=a%22b"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("'a\"b'");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?schema=" + "s".repeat(64)))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("at most 63 characters");
    }

    @Test
    void bad_urls_are_refused_with_the_problem_named_and_the_password_hidden() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://host?password=hunter2"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("must name a host and a database")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?poolSize=zero"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("Bad parameter");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?ApplicationName=100%"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("escape '%' as %25");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?maxEventBytes=2000000"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("maxEventBytes must be from 1 to 1048576");
    }

    @Test
    void the_deadlines_default_to_10s_and_30s_and_reach_the_driver_and_the_server() throws SQLException {
        PostgresUrl url = PostgresUrl.parse("postgresql://h/d");
        assertThat(url.options().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(url.options().operationTimeout()).isEqualTo(Duration.ofSeconds(30));
        Properties seen = asTheDriverSeesIt(url);
        assertThat(seen.getProperty("connectTimeout")).isEqualTo("10");
        assertThat(seen.getProperty("loginTimeout")).isEqualTo("10");
        assertThat(seen.getProperty("socketTimeout")).as("above the statement timeout").isEqualTo("33");
        assertThat(seen.getProperty("tcpKeepAlive")).isEqualTo("true");
        assertThat(seen.getProperty("options")).contains("-c statement_timeout=30000")
                .contains("-c idle_in_transaction_session_timeout=15000").contains("-c tcp_user_timeout=15000");
    }

    @Test
    void deadlines_in_the_url_are_durations_and_the_urls_own_driver_properties_win() throws SQLException {
        PostgresUrl url = PostgresUrl.parse("postgresql://h/d?connectTimeout=2500ms&operationTimeout=2m&socketTimeout=600"
                + "&options=-c%20statement_timeout%3D0");
        assertThat(url.options().connectTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(url.options().operationTimeout()).isEqualTo(Duration.ofMinutes(2));
        Properties seen = asTheDriverSeesIt(url);
        assertThat(seen.getProperty("connectTimeout")).as("rounded up to whole seconds").isEqualTo("3");
        assertThat(seen.getProperty("socketTimeout")).isEqualTo("600");
        assertThat(seen.getProperty("options")).as("the URL's own options come last, so they win")
                .startsWith("-c statement_timeout=120000").endsWith(" -c statement_timeout=0");
        assertThat(PostgresUrl.parse("postgresql://h/d?operationTimeout=45").options().operationTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void bad_deadlines_are_refused_with_the_parameter_named() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?operationTimeout=soon"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("operationTimeout must be a duration such as 30s");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?operationTimeout=500ms"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("operationTimeout must be from 1 s to 24 h");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?connectTimeout=0"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("connectTimeout must be from 1 s to 1 h");
        assertThatThrownBy(() -> PostgresOptions.DEFAULTS.withOperationTimeout(Duration.ofDays(2)))
                .hasMessageContaining("operationTimeout must be from 1 s to 24 h");
    }

    /** The properties pgjdbc connects with, given the URL and properties Annals hands it. */
    private static Properties asTheDriverSeesIt(PostgresUrl url) throws SQLException {
        Properties parsed = Driver.parseURL(url.jdbcUrl(), url.jdbcProperties());
        assertThat(parsed).as("pgjdbc accepts the URL").isNotNull();
        return parsed;
    }
}
