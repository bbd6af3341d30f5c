package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which configs a changed file can reach: those whose resolution reads a file of that name. */
class ChangedFilesTest {

    @ParameterizedTest(name = "{0} affects {1}: {2}")
    @CsvSource({
        // The application's own files, with or without a profile, in any folder.
        "orders.yml, orders, true",
        "orders-prod.yml, orders, true",
        "orders-prod-eu.properties, orders, true",
        "release/orders-prod.yaml, orders, true",
        "orders/orders.yml, orders, true",
        // Another application's files, even one whose name starts like it.
        "billing.yml, orders, false",
        "billing-prod.yml, orders, false",
        "ordersx.yml, orders, false",
        "orders/billing.yml, orders, false",
        "orders-prod.yml, orders-prod-eu, false",
        // An application with a dash reads its files, and those of no shorter name.
        "orders-service-prod.yml, orders-service, true",
        "orders-prod.yml, orders-service, false",
        // A comma list reads the files of each of its applications.
        "billing-prod.yml, 'orders,billing', true",
        // The shared files reach every application.
        "application.yml, orders, true",
        "application-prod.properties, orders, true",
        "billing/application.yml, orders, true",
        // A case-insensitive file system serves Orders.YML for orders.
        "Orders.YML, orders, true",
        "ORDERS-PROD.yml, orders, true",
        "Application.yml, billing, true",
        // Not configuration file names: no resolution reads them (plain files are read per request).
        "nginx.conf, orders, false",
        "billing.json, orders, false",
        "orders.json, orders, false",
        "README, orders, false",
        "README.md, orders, false",
        ".hidden, orders, false",
        ".yml, orders, false",
        "notes.txt, orders, false",
        ".orders.yml.swp, orders, false",
        "orders.yml~, orders, false",
        "orders.yml.tmp, orders, false",
        "application.yml.bak, orders, false",
        "orders/README, orders, false",
    })
    void aChangedFile_affectsTheApplicationsThatReadItsName(String path, String application, boolean affected) {
        assertThat(new ChangedFiles(Set.of(path), false).mayAffect(application)).isEqualTo(affected);
    }

    @ParameterizedTest(name = "{0} affects {1}: {2}")
    @CsvSource({
        // Composed and decomposed spellings of one name are one name to a normalising file system (macOS).
        "caf\u00e9.yml, cafe\u0301, true",
        "cafe\u0301-prod.yml, caf\u00e9, true",
    })
    void namesAreComparedAsOneSpelling(String path, String application, boolean affected) {
        assertThat(new ChangedFiles(Set.of(path), false).mayAffect(application)).isEqualTo(affected);
    }

    @org.junit.jupiter.api.Test
    void aChangeWithKnownFiles_affectsOnlyTheirApplications_andOnlyItsLabels() {
        SourceChange change = SourceChange.of(
                Set.of("main", "release"), Map.of("main", new ChangedFiles(Set.of("billing.yml"), false)));

        assertThat(change.affects("billing", "main")).isTrue();
        assertThat(change.affects("orders", "main")).isFalse();
        // release moved without known files: everything in it may have changed.
        assertThat(change.affects("orders", "release")).isTrue();
        assertThat(change.affects("orders", "other")).isFalse();
        assertThat(change.mayHaveChangedFileNames()).isTrue();
        assertThat(SourceChange.of(Set.of("main"), Map.of("main", new ChangedFiles(Set.of("billing.yml"), false)))
                        .mayHaveChangedFileNames())
                .isFalse();
        assertThat(SourceChange.all().affects("orders", "main")).isTrue();
        assertThat(SourceChange.all().mayHaveChangedFileNames()).isTrue();
        assertThat(SourceChange.none().mayHaveChangedFileNames()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void filesThatAreNoConfigFiles_affectNoKey_butTheirCreationStillCountsAsNewNames() {
        SourceChange swapFile =
                SourceChange.inEveryLabel(new ChangedFiles(Set.of(".orders.yml.swp", "notes/README.md"), true));

        assertThat(swapFile.affects("orders", "main")).isFalse();
        assertThat(swapFile.affects("application", "main")).isFalse();
        assertThat(swapFile.mayHaveChangedFileNames())
                .as("key discovery still runs")
                .isTrue();
        assertThat(SourceChange.inEveryLabel(new ChangedFiles(Set.of("notes.txt", "orders.yml"), false))
                        .affects("orders", "main"))
                .isTrue();
    }
}
