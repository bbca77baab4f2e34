package io.egressallowlist.functions.requestapi;

/**
 * The resources of the request API, one class each; {@link Route} binds every operation to one of their
 * methods. A new resource joins as a component here and rows in {@link Route}.
 *
 * @param requests  requests for domains and rollbacks: submit, list, get, withdraw, ask for a rollback
 * @param versions  the version log: list, get, diff
 * @param allowlist the applied allow-list: read it, check a name against it
 * @param blocked   what the firewall refused: the caller's own attempts, or everyone's for approvers
 * @param audit     the audit trail, for approvers and operators
 * @param auditChain the audit trail's hash chain verified, for the same callers
 * @param scopes    the scopes (allow-lists) of the deployment
 * @param document  the OpenAPI document, the API's contract
 */
record Resources(RequestsResource requests, VersionsResource versions, AllowlistResource allowlist,
                 BlockedResource blocked, AuditResource audit, AuditChainResource auditChain,
                 ScopesResource scopes, OpenApiResource document) {
}
