package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.notify.ApproverGroups;
import io.egressallowlist.shared.notify.ApproverGroupsContract;

class InMemoryApproverGroupsTest extends ApproverGroupsContract {

    private final InMemoryApproverGroups groups = new InMemoryApproverGroups();

    @Override
    protected ApproverGroups groups() {
        return groups;
    }

    @Override
    protected void group(SlackUserGroupId group, SlackUserId... members) {
        groups.group(group, members);
    }

    @Override
    protected void nextReadFails(String error) {
        groups.nextReadFails(error);
    }
}
