package dev.annals.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annals.StoreOpenException;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void a_plain_url_becomes_a_jdbc_url_with_user_password_and_options_taken_out() {
        PostgresUrl url = PostgresUrl.parse("postgresql://db.example:6543/app?user=svc&password=s3cret&schema=events&poolSize=3&sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/app?sslmode=require");
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
        assertThat(url.user()).isEqualTo("bob");
        assertThat(url.password()).isEqualTo("pw");
        assertThat(url.options()).isEqualTo(PostgresOptions.DEFAULTS);
        assertThat(new PostgresBackendProvider().accepts("postgresql://h/d")).isTrue();
        assertThat(new PostgresBackendProvider().accepts("sqlite:x.db")).isFalse();
    }

    @Test
    void bad_urls_are_refused_with_the_problem_named_and_the_password_hidden() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://host?password=hunter2"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("must name a host and a database")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?schema=Bad-Name"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("schema must be a lower-case PostgreSQL identifier");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h/d?poolSize=zero"))
                .isInstanceOf(StoreOpenException.class).hasMessageContaining("Bad parameter");
    }
}
