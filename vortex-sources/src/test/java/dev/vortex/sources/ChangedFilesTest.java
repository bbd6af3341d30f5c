package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which configs a changed file can reach: those whose resolution reads a file of that name. */
class ChangedFilesTest {

    @ParameterizedTest(name = "{0} affects {1}/{2}: {3}")
    @CsvSource({
        // The application's own files, profile-less or of one of the key's profiles, in any folder.
        "orders.yml, orders, prod, true",
        "orders-prod.yml, orders, prod, true",
        "orders-prod-eu.properties, orders, prod-eu, true",
        "release/orders-prod.yaml, orders, prod, true",
        "orders/orders.yml, orders, dev, true",
        // Each profile of a comma list reads its files.
        "orders-eu.yml, orders, 'prod,eu', true",
        "orders-prod.yml, orders, 'prod,eu', true",
        // Another profile's file: not read (the profile-less file holds the on-profile documents of every profile).
        "orders-prod.yml, orders, dev, false",
        "orders-prod.yml, orders, default, false",
        "orders-prod-eu.yml, orders, prod, false",
        "orders-prod.yml, orders, prod-eu, false",
        "orders-prod.yml, orders, 'dev,eu', false",
        // Another application's files, even one whose name starts like it.
        "billing.yml, orders, prod, false",
        "billing-prod.yml, orders, prod, false",
        "ordersx.yml, orders, prod, false",
        "orders/billing.yml, orders, prod, false",
        "orders-prod.yml, orders-prod-eu, default, false",
        // An application with a dash reads its files, and those of no shorter name; one file name may serve two
        // keys (orders-prod-eu.yml is orders-prod with profile eu, and orders with profile prod-eu).
        "orders-service-prod.yml, orders-service, prod, true",
        "orders-prod.yml, orders-service, prod, false",
        "orders-prod-eu.yml, orders-prod, eu, true",
        "orders-prod.yml, orders-prod, eu, true",
        // A comma list reads the files of each of its applications.
        "billing-prod.yml, 'orders,billing', prod, true",
        "billing-prod.yml, 'orders,billing', dev, false",
        // The shared files reach every application, the profile-specific ones those of that profile.
        "application.yml, orders, dev, true",
        "application-prod.properties, orders, prod, true",
        "application-prod.properties, orders, dev, false",
        "billing/application.yml, orders, prod, true",
        // A case-insensitive file system serves Orders.YML for orders, ORDERS-PROD.yml for orders/Prod.
        "Orders.YML, orders, prod, true",
        "ORDERS-PROD.yml, orders, prod, true",
        "orders-prod.yml, orders, PROD, true",
        "Application.yml, billing, prod, true",
        // Not configuration file names: no resolution reads them (plain files are read per request).
        "nginx.conf, orders, prod, false",
        "billing.json, orders, prod, false",
        "orders.json, orders, prod, false",
        "README, orders, prod, false",
        "README.md, orders, prod, false",
        ".hidden, orders, prod, false",
        ".yml, orders, prod, false",
        "notes.txt, orders, prod, false",
        ".orders.yml.swp, orders, prod, false",
        "orders.yml~, orders, prod, false",
        "orders.yml.tmp, orders, prod, false",
        "application.yml.bak, orders, prod, false",
        "orders/README, orders, prod, false",
    })
    void aChangedFile_affectsTheKeysThatReadItsName(
            String path, String application, String profiles, boolean affected) {
        assertThat(new ChangedFiles(Set.of(path), false).mayAffect(application, profiles))
                .isEqualTo(affected);
    }

    @ParameterizedTest(name = "{0} affects {1}/{2}: {3}")
    @CsvSource({
        // Composed and decomposed spellings of one name are one name to a normalising file system (macOS).
        "caf\u00e9.yml, cafe\u0301, prod, true",
        "cafe\u0301-prod.yml, caf\u00e9, prod, true",
        "orders-caf\u00e9.yml, orders, cafe\u0301, true",
    })
    void namesAreComparedAsOneSpelling(String path, String application, String profiles, boolean affected) {
        assertThat(new ChangedFiles(Set.of(path), false).mayAffect(application, profiles))
                .isEqualTo(affected);
    }

    @org.junit.jupiter.api.Test
    void aKeyThatNoResolutionAccepts_isNeverSkipped() {
        assertThat(new ChangedFiles(Set.of("billing.yml"), false).mayAffect("../orders", "prod"))
                .isTrue();
        assertThat(new ChangedFiles(Set.of("billing.yml"), false).mayAffect("orders", "a/b"))
                .isTrue();
    }

    @org.junit.jupiter.api.Test
    void aChangeWithKnownFiles_affectsOnlyTheirApplications_andOnlyItsLabels() {
        SourceChange change = SourceChange.of(
                Set.of("main", "release"), Map.of("main", new ChangedFiles(Set.of("billing.yml"), false)));

        assertThat(change.affects("billing", "prod", "main")).isTrue();
        assertThat(change.affects("orders", "prod", "main")).isFalse();
        // release moved without known files: everything in it may have changed.
        assertThat(change.affects("orders", "prod", "release")).isTrue();
        assertThat(change.affects("orders", "prod", "other")).isFalse();
        assertThat(change.mayHaveChangedFileNames()).isTrue();
        assertThat(SourceChange.of(Set.of("main"), Map.of("main", new ChangedFiles(Set.of("billing.yml"), false)))
                        .mayHaveChangedFileNames())
                .isFalse();
        assertThat(SourceChange.all().affects("orders", "prod", "main")).isTrue();
        assertThat(SourceChange.all().mayHaveChangedFileNames()).isTrue();
        assertThat(SourceChange.none().mayHaveChangedFileNames()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void filesThatAreNoConfigFiles_affectNoKey_butTheirCreationStillCountsAsNewNames() {
        SourceChange swapFile =
                SourceChange.inEveryLabel(new ChangedFiles(Set.of(".orders.yml.swp", "notes/README.md"), true));

        assertThat(swapFile.affects("orders", "prod", "main")).isFalse();
        assertThat(swapFile.affects("application", "prod", "main")).isFalse();
        assertThat(swapFile.mayHaveChangedFileNames())
                .as("key discovery still runs")
                .isTrue();
        assertThat(SourceChange.inEveryLabel(new ChangedFiles(Set.of("notes.txt", "orders.yml"), false))
                        .affects("orders", "prod", "main"))
                .isTrue();
    }
}
