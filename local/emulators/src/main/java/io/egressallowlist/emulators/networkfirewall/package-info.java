/**
 * A local AWS Network Firewall that speaks the real wire protocol, for tests and the sandbox.
 *
 * <p>Start with {@link io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator}. The behaviour
 * follows {@code aws-api-notes.md} §1 and §8; where the notes leave a question open, the code says so
 * next to the choice it made. Requests are checked against the botocore service model bundled as
 * {@code aws-models/network-firewall-2020-11-12.json} (from {@code boto/botocore}, Apache License 2.0).
 */
package io.egressallowlist.emulators.networkfirewall;
