package io.egressallowlist.shared.guard;

import java.util.List;

/**
 * What one guard run found.
 *
 * @param checked    the domains checked, each once, in the order checked
 * @param compliant  domains that passed
 * @param findings   domains that failed, each with whether this run reported it or it had been reported already
 */
public record GuardReport(List<String> checked, List<String> compliant, List<Finding> findings) {

    public GuardReport {
        checked = List.copyOf(checked);
        compliant = List.copyOf(compliant);
        findings = List.copyOf(findings);
    }

    /** A noncompliant domain. {@code reported} is false when the same finding was already reported. */
    public record Finding(String domainId, List<Compliance.Problem> problems, boolean reported) {
        public Finding {
            problems = List.copyOf(problems);
        }

        public List<String> reasons() {
            return problems.stream().map(p -> p.reason().name()).toList();
        }
    }

    public List<String> noncompliantDomainIds() {
        return findings.stream().map(Finding::domainId).toList();
    }

    public List<String> reportedDomainIds() {
        return findings.stream().filter(Finding::reported).map(Finding::domainId).toList();
    }
}
