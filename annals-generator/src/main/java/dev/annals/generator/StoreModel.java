package dev.annals.generator;

import com.palantir.javapoet.ClassName;
import org.jspecify.annotations.Nullable;

/**
 * Everything the code generators need, in Java terms: a {@link ComponentDefinition} with its
 * spellings mapped and its output package decided.
 *
 * @param storeClass the generated store, e.g. {@code app_root_name.infrastructure.snapshotstores.InMemoryTicketSnapshotStore}
 * @param valueType the snapshot state type or the event base type
 * @param snapshotWrapper the snapshot record type; null for an event store
 * @param category the stream category the backend-bound stores use
 * @param source the definition's file name, for the generated header
 */
record StoreModel(
        ComponentKind kind,
        StoreType storeType,
        ClassName storeClass,
        AggregateIdType idType,
        ClassName valueType,
        ClassName baseInterface,
        @Nullable ClassName snapshotWrapper,
        ClassName baseTest,
        String category,
        @Nullable String description,
        String source) {

    /**
     * Resolves a definition that {@link DefinitionValidator} found valid.
     *
     * @param packageRoot the {@code --package} option, or null to apply {@link StoreLayout}'s rule
     */
    static StoreModel resolve(ComponentDefinition definition, @Nullable String packageRoot, String source) {
        try {
            String typePackage = TypeNameMapper.packageOf(definition.typeModule(), definition.typeName());
            String root = packageRoot != null ? packageRoot : StoreLayout.packageRoot(typePackage);
            String wrapperName = definition.snapshotWrapperName();
            String wrapperModule = definition.snapshotWrapperModule();
            ClassName wrapper = wrapperName == null || wrapperModule == null ? null
                    : TypeNameMapper.frameworkType(wrapperModule, wrapperName);
            return new StoreModel(
                    definition.kind(),
                    definition.storeType(),
                    ClassName.get(StoreLayout.storePackage(root, definition.kind()), definition.storeName()),
                    TypeNameMapper.idType(definition.aggregateIdType()),
                    ClassName.get(typePackage, definition.typeName()),
                    TypeNameMapper.frameworkType(definition.baseInterfaceModule(), definition.baseInterfaceName()),
                    wrapper,
                    TypeNameMapper.frameworkType(definition.baseTestClassModule(), definition.baseTestClassName()),
                    definition.categoryName() != null ? definition.categoryName()
                            : CategoryName.forType(definition.kind(), definition.typeName()),
                    definition.description(),
                    source);
        } catch (MappingException e) {
            throw new IllegalStateException("a validated definition failed to map: " + e.problem(), e);
        }
    }

    /** The generated test class: {@code <StoreName>Test} in the store's package. */
    ClassName testClass() {
        return storeClass.peerClass(storeClass.simpleName() + "Test");
    }
}
