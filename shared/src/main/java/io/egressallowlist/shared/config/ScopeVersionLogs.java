package io.egressallowlist.shared.config;

import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.store.DynamoVersionLog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The version log of each scope, for the read side: a scope's log is named after its rule group (as the one log of a
 * deployment without scopes always was), so the scope whose rule group is {@code RULE_GROUP_ARN}'s shares the
 * root's own log and every other scope reads its own partition of the versions table.
 */
final class ScopeVersionLogs {

    private final ControlPlaneConfig config;
    private final AwsClients aws;
    private final String rootLogName;
    private final Supplier<VersionLog> rootLog;
    private final Map<ScopeName, VersionLog> logs = new ConcurrentHashMap<>();

    /** @param rootLogName the name of {@code rootLog}, the root's log ({@code RULE_GROUP_ARN}'s rule group) */
    ScopeVersionLogs(ControlPlaneConfig config, AwsClients aws, String rootLogName, Supplier<VersionLog> rootLog) {
        this.config = config;
        this.aws = aws;
        this.rootLogName = rootLogName;
        this.rootLog = rootLog;
    }

    /** The version log of {@code name}; {@code Scopes.UnknownScopeException} for a scope there is not. */
    VersionLog of(ScopeName name) {
        Scope scope = config.scopes().get(name);
        if (scope.ruleGroupName().equals(rootLogName)) {
            return rootLog.get();
        }
        return logs.computeIfAbsent(name, ignored -> new DynamoVersionLog(aws.dynamo(), config.tables().versions(),
                scope.ruleGroupName()));
    }
}
