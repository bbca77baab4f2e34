import unittest

import fakes

FIREWALL = "arn:aws:network-firewall:eu-west-1:111122223333:firewall/Net-firewall"


class FirewallRollbackGuardTest(unittest.TestCase):

    def setUp(self):
        self.handler, self.clients = fakes.load("network/firewall_rollback_guard.py")
        self.cloudformation = self.clients["cloudformation"]
        self.nfw = self.clients["network-firewall"]
        self.nfw.script("describe_firewall", {"UpdateToken": "t0"})
        self.nfw.script("update_firewall_delete_protection", {"UpdateToken": "t1"})
        self.nfw.script("update_firewall_policy_change_protection", {"UpdateToken": "t2"})

    def delete_while(self, stack_status):
        self.cloudformation.script("describe_stacks", {"Stacks": [{"StackStatus": stack_status}]})
        self.handler.handler(fakes.event("Delete", {"FirewallArn": FIREWALL}, physical_id=FIREWALL), None)
        return self.handler.responses[-1]

    def test_a_failed_first_deploy_turns_the_protections_off_so_the_firewall_can_be_deleted(self):
        reply = self.delete_while("ROLLBACK_IN_PROGRESS")
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        calls = dict(self.nfw.calls)
        self.assertEqual(calls["update_firewall_delete_protection"],
                         {"FirewallArn": FIREWALL, "DeleteProtection": False, "UpdateToken": "t0"})
        self.assertEqual(calls["update_firewall_policy_change_protection"]["UpdateToken"], "t1")
        self.assertEqual(calls["update_subnet_change_protection"],
                         {"FirewallArn": FIREWALL, "SubnetChangeProtection": False, "UpdateToken": "t2"})

    def test_deleting_the_stack_leaves_the_protections_to_the_switch(self):
        self.assertEqual(self.delete_while("DELETE_IN_PROGRESS")["Status"], "SUCCESS")
        self.assertEqual(self.nfw.calls, [])

    def test_an_update_rolled_back_leaves_the_protections_on(self):
        self.assertEqual(self.delete_while("UPDATE_ROLLBACK_IN_PROGRESS")["Status"], "SUCCESS")
        self.assertEqual(self.nfw.calls, [])

    def test_create_and_update_do_nothing(self):
        self.handler.handler(fakes.event("Create", {"FirewallArn": FIREWALL}), None)
        self.handler.handler(fakes.event("Update", {"FirewallArn": FIREWALL}, physical_id=FIREWALL), None)
        self.assertEqual(self.nfw.calls + self.cloudformation.calls, [])

    def test_a_firewall_already_gone_is_fine(self):
        self.nfw.replies["describe_firewall"] = [self.nfw.exceptions.ResourceNotFoundException("gone")]
        self.assertEqual(self.delete_while("ROLLBACK_IN_PROGRESS")["Status"], "SUCCESS")


if __name__ == "__main__":
    unittest.main()
