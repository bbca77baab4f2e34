package io.egressallowlist.functions.requestapi;

import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.SourceBindings;
import io.egressallowlist.shared.store.DynamoSourceBindings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;

import static io.egressallowlist.functions.requestapi.ApiFixture.ALICE;
import static io.egressallowlist.functions.requestapi.ApiFixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/** Each call notes the Studio user profile behind it at its source address, once per few minutes. */
@ExtendWith(DynaliteExtension.class)
class CallerSourcesTest {

    private ApiFixture api;
    private DynamoSourceBindings bindings;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) {
        api = new ApiFixture(dynalite, dynamo);
        bindings = new DynamoSourceBindings(dynamo, api.tables.blocked());
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void aStudioCallerIsBoundToItsSourceAddressOnceAndAnotherPrincipalIsNot() {
        api.call(Call.get("/allowlist").as(ALICE));
        api.call(Call.get("/allowlist").as(ALICE));
        api.call(Call.get("/allowlist").as(OPERATOR));

        assertThat(bindings.around(new SourceAddress("10.0.1.5"), Instant.now(), Duration.ofDays(1)))
                .singleElement().satisfies(binding -> {
                    assertThat(binding.userProfileName()).isEqualTo(SageMakerSamples.DATA_SCIENTIST);
                    assertThat(binding.domainId()).isEqualTo(SageMakerSamples.VPC_ONLY_DOMAIN_ID);
                });
    }

    @Test
    void aCallWithoutAnIpSourceIsAnsweredAndBindsNobody() {
        ApiFixture.Response response = api.call(Call.get("/allowlist").as(ALICE)
                .with(event -> event.getRequestContext().getIdentity().setSourceIp("<!channel>")));

        assertThat(response.status()).as("answered, not failed").isLessThan(500);
        assertThat(bindings.around(new SourceAddress("10.0.1.5"), Instant.now(), Duration.ofDays(1))).isEmpty();
    }
}
