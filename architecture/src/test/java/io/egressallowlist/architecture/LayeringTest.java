package io.egressallowlist.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static io.egressallowlist.architecture.Layers.ADAPTERS;
import static io.egressallowlist.architecture.Layers.CONTRACTS;
import static io.egressallowlist.architecture.Layers.DOMAIN;
import static io.egressallowlist.architecture.Layers.FUNCTIONS;
import static io.egressallowlist.architecture.Layers.JDK;
import static io.egressallowlist.architecture.Layers.ROOT;
import static io.egressallowlist.architecture.Layers.USE_CASES;
import static io.egressallowlist.architecture.Layers.of;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering of {@code shared} and the functions. A violation fails the build and names the class and the
 * dependency; the fix is to move the code to the layer it belongs in, not to widen a rule.
 */
@AnalyzeClasses(packages = {"io.egressallowlist.shared", "io.egressallowlist.functions"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    /**
     * Third-party types a handler translates from and to: Lambda's events, JSON, SnapStart's hooks, and the SDK's
     * exception hierarchy, which a failed AWS call surfaces as through the use cases and which a handler turns
     * into its answer for "try again" (request-api's 503 with Retry-After).
     */
    private static final String[] HANDLER_LIBRARIES = {
            "com.amazonaws.services.lambda.runtime..", "com.fasterxml.jackson..", "org.crac..",
            "software.amazon.awssdk.core.exception..",
    };

    /** Guava, including its copy of the Public Suffix List. */
    private static final String[] GUAVA = {"com.google.common..", "com.google.thirdparty.publicsuffix.."};

    @ArchTest
    static final ArchRule everySharedPackageHasALayer = classes()
            .that().resideInAPackage("io.egressallowlist.shared..")
            .should().resideInAnyPackage(of(DOMAIN, CONTRACTS, USE_CASES, ADAPTERS, ROOT))
            .because("a new package of shared must be placed in a layer (Layers) before it is used");

    @ArchTest
    static final ArchRule domainDependsOnlyOnTheJdkAndGuava = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(of(DOMAIN, JDK, GUAVA))
            .because("the domain is pure: no AWS SDK, no JSON library, no Lambda types (STYLE.md)");

    @ArchTest
    static final ArchRule contractsDependOnlyOnTheDomain = classes()
            .that().resideInAnyPackage(CONTRACTS)
            .should().onlyDependOnClassesThat().resideInAnyPackage(of(CONTRACTS, DOMAIN, JDK))
            .because("events, notifications and logs are ports and value types, not adapters");

    @ArchTest
    static final ArchRule useCasesNeverImportAdapters = classes()
            .that().resideInAnyPackage(USE_CASES)
            .should().onlyDependOnClassesThat().resideInAnyPackage(of(USE_CASES, CONTRACTS, DOMAIN, JDK))
            .because("use cases reach DynamoDB, Network Firewall, SageMaker, EventBridge and Slack only through ports");

    @ArchTest
    static final ArchRule adaptersNeverImportEachOther = slices()
            .matching("io.egressallowlist.shared.(store|firewall|studio|slack|eventbridge|ec2)..")
            .should().notDependOnEachOther()
            .because("each adapter speaks to one outside system; what two of them share goes through a port");

    @ArchTest
    static final ArchRule adaptersImplementPortsWithoutCallingUseCases = noClasses()
            .that().resideInAnyPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAnyPackage(of(USE_CASES, ROOT))
            .because("adapters implement the ports of the domain and the contracts; only the composition root wires"
                    + " them to use cases");

    @ArchTest
    static final ArchRule onlyTheFunctionsUseTheCompositionRoot = noClasses()
            .that().resideInAnyPackage(of(DOMAIN, CONTRACTS, USE_CASES, ADAPTERS))
            .should().dependOnClassesThat().resideInAPackage(ROOT)
            .because("the composition root builds everything; nothing it builds may reach back into it");

    @ArchTest
    static final ArchRule sharedNeverDependsOnAFunction = noClasses()
            .that().resideInAPackage("io.egressallowlist.shared..")
            .should().dependOnClassesThat().resideInAPackage(FUNCTIONS);

    @ArchTest
    static final ArchRule functionsUseSharedOnlyThroughTheRootAndUseCases = classes()
            .that().resideInAPackage(FUNCTIONS)
            .and().resideOutsideOfPackage("io.egressallowlist.functions.slackinteractions..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage(of(FUNCTIONS, ROOT, USE_CASES, CONTRACTS, DOMAIN, JDK, HANDLER_LIBRARIES))
            .because("a handler turns the Lambda event into a call and the result into a response; it builds no"
                    + " adapter and holds no business rule");

    @ArchTest
    static final ArchRule slackInteractionsAlsoSpeaksSlacksInboundProtocol = classes()
            .that().resideInAPackage("io.egressallowlist.functions.slackinteractions..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage(of(FUNCTIONS, ROOT, USE_CASES, CONTRACTS, DOMAIN, JDK, HANDLER_LIBRARIES,
                    "io.egressallowlist.shared.slack.."))
            .because("its input is a signed Slack request and its output a Slack message: verifying, parsing and"
                    + " rendering them is the Slack adapter's protocol, which this handler translates through");

    @ArchTest
    static final ArchRule functionsDoNotReachIntoEachOther = slices()
            .matching("io.egressallowlist.functions.(*)..")
            .should().notDependOnEachOther();
}
