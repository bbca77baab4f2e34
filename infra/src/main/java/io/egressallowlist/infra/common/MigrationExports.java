package io.egressallowlist.infra.common;

import io.egressallowlist.infra.config.ContextValues;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;

/**
 * The exports earlier versions of the stacks had, kept for one deploy while a deployed app moves to
 * {@link SharedParameters}: CloudFormation refuses to remove an export another stack still imports, so the
 * producer keeps it (same name, same value) until the consumers have been deployed without the import.
 * Only with context {@value #CONTEXT_KEY}{@code =true}; see the README's deploy section for the three steps.
 */
public final class MigrationExports {

    public static final String CONTEXT_KEY = "keepMigrationExports";

    private final Stack stack;
    private final boolean enabled;

    public MigrationExports(Stack stack) {
        this.stack = stack;
        this.enabled = new ContextValues(stack.getNode()).bool(CONTEXT_KEY, false);
    }

    /**
     * Exports {@code value}, a reference to a resource of this stack, under the name CloudFormation's automatic
     * cross-stack export of it had ({@code Stack.exportValue} derives the same name).
     */
    public void keep(String value) {
        if (enabled) {
            stack.exportValue(value);
        }
    }

    /**
     * Exports {@code value} as {@code <stack>:<legacyOutputId>}: for an export whose resource has changed since,
     * so that the name cannot be derived from it any more.
     */
    public void keep(String legacyOutputId, String value) {
        if (!enabled) {
            return;
        }
        CfnOutput.Builder.create(stack, legacyOutputId)
                .value(value)
                .exportName(stack.getStackName() + ":" + legacyOutputId)
                .description("Kept while consumers move to SSM parameters; removed by the next deploy without "
                        + CONTEXT_KEY)
                .build();
    }
}
