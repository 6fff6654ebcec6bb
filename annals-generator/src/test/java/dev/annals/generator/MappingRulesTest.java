package dev.annals.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The spelling, package-root and category rules. */
class MappingRulesTest {

    @ParameterizedTest
    @CsvSource({
            "uuid.UUID, java.util.UUID", "UUID, java.util.UUID", "java.util.UUID, java.util.UUID",
            "str, java.lang.String", "String, java.lang.String",
            "int, java.lang.Long", "long, java.lang.Long", "java.lang.Long, java.lang.Long",
            "com.acme.TicketId, com.acme.TicketId"})
    void id_spellings_of_python_and_java_map_to_java_types(String spelling, String javaType) throws MappingException {
        assertThat(TypeNameMapper.idType(spelling).type().canonicalName()).isEqualTo(javaType);
    }

    @ParameterizedTest
    @CsvSource({
            "app_root_name.domain.ticketing.models.ticket_snapshot, TicketSnapshot, app_root_name.domain.ticketing.models",
            "app_root_name.domain.ticketing.models, TicketSnapshot, app_root_name.domain.ticketing.models",
            "com.acme.orders.http_request, HTTPRequest, com.acme.orders"})
    void a_module_ending_in_the_snake_case_of_its_class_names_the_package_without_it(
            String module, String type, String pkg) throws MappingException {
        assertThat(TypeNameMapper.packageOf(module, type)).isEqualTo(pkg);
    }

    @Test
    void the_castlecraft_defaults_name_annals_types() throws MappingException {
        assertThat(TypeNameMapper.frameworkType("castlecraft_engineer.testing.snapshot_store", "BaseSnapshotStoreTest")
                .canonicalName()).isEqualTo("dev.annals.testkit.SnapshotStoreContract");
        assertThat(TypeNameMapper.frameworkType("castlecraft_engineer.abstractions.snapshot", "Snapshot").canonicalName())
                .isEqualTo("dev.annals.Snapshot");
        assertThatThrownBy(() -> TypeNameMapper.frameworkType("castlecraft_engineer.testing.snapshot_store", "Other"))
                .hasMessageContaining("no Annals counterpart");
    }

    @ParameterizedTest
    @CsvSource({
            "app_root_name.domain.ticketing.models, app_root_name",
            "com.acme.shop.domain.orders, com.acme.shop",
            "com.acme.tickets, com.acme.tickets",
            "domain.tickets, domain.tickets"})
    void the_package_root_is_the_package_before_its_domain_segment(String typePackage, String root) {
        assertThat(StoreLayout.packageRoot(typePackage)).isEqualTo(root);
    }

    @ParameterizedTest
    @CsvSource({
            "SNAPSHOT_STORE, TicketSnapshot, ticket", "SNAPSHOT_STORE, SupportTicketState, support_ticket",
            "SNAPSHOT_STORE, Snapshot, snapshot", "EVENT_STORE, TicketEvent, ticket", "EVENT_STORE, OrderEvents, order"})
    void the_category_is_the_snake_case_of_the_type_without_its_role_suffix(ComponentKind kind, String type, String category) {
        assertThat(CategoryName.forType(kind, type)).isEqualTo(category);
    }
}
