import copy
import unittest

import fakes

ARN = "arn:aws:network-firewall:eu-west-1:111122223333:stateful-rulegroup/Net-allowlist"


def properties(home_net=("10.20.0.0/18",), capacity=3000, targets=(".pypi.org",), name="Net-allowlist"):
    return {"RuleGroupName": name, "Type": "STATEFUL", "Capacity": str(capacity), "Description": "d",
            "RuleGroup": {"RuleVariables": {"IPSets": {"HOME_NET": {"Definition": list(home_net)}}},
                          "RulesSource": {"RulesSourceList": {"GeneratedRulesType": "ALLOWLIST",
                                                              "TargetTypes": ["TLS_SNI", "HTTP_HOST"],
                                                              "Targets": list(targets)}},
                          "StatefulRuleOptions": {"RuleOrder": "STRICT_ORDER"}}}


def live(targets, home_net=("10.20.0.0/16",), token="t1", capacity=3000):
    group = properties(home_net=home_net, targets=targets)["RuleGroup"]
    return {"UpdateToken": token, "RuleGroup": copy.deepcopy(group),
            "RuleGroupResponse": {"RuleGroupArn": ARN, "Capacity": capacity, "Description": "d"}}


LEARNING = ("pass tls $HOME_NET any -> $EXTERNAL_NET any (ssl_state:client_hello; tls.sni; dotprefix; content:\".pypi.org\";"
            " nocase; endswith; msg:\"m\"; flow:to_server, established; sid:1; rev:1;)\n"
            "alert tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"egress-allowlist learn: TLS\"; sid:2; rev:1;)")


def rules_properties(rules=LEARNING, home_net=("10.20.32.0/22",), capacity=2000):
    p = properties(home_net=home_net, capacity=capacity)
    p["RuleGroup"]["RulesSource"] = {"RulesString": rules}
    return p


def live_rules(rules, home_net=("10.20.32.0/22",), token="t1"):
    described = live([], home_net=home_net, token=token)
    described["RuleGroup"]["RulesSource"] = {"RulesString": rules}
    return described


class AllowListRuleGroupTest(unittest.TestCase):

    def setUp(self):
        self.handler, self.clients = fakes.load("network/allowlist_rule_group.py")
        self.nfw = self.clients["network-firewall"]

    def run_event(self, *args, **kwargs):
        self.handler.handler(fakes.event(*args, **kwargs), None)
        return self.handler.responses[-1]

    def test_creation_writes_the_baseline_once(self):
        self.nfw.script("describe_rule_group", self.nfw.exceptions.ResourceNotFoundException("none"))
        self.nfw.script("create_rule_group", {"RuleGroupResponse": {"RuleGroupArn": ARN}})
        reply = self.run_event("Create", properties())
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        self.assertEqual(reply["Data"], {"RuleGroupArn": ARN})
        created = dict(self.nfw.calls)["create_rule_group"]
        self.assertEqual(created["Capacity"], 3000)
        self.assertEqual(created["RuleGroup"]["RulesSource"]["RulesSourceList"]["Targets"], [".pypi.org"])

    def test_a_home_net_change_keeps_the_live_targets(self):
        self.nfw.script("describe_rule_group", live(["a.example", "b.example"]))
        reply = self.run_event("Update", properties(home_net=["10.20.0.0/18", "10.20.64.0/18"]),
                               old_properties=properties(home_net=["10.20.0.0/16"]), physical_id=ARN)
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        update = dict(self.nfw.calls)["update_rule_group"]
        self.assertEqual(update["UpdateToken"], "t1")
        self.assertEqual(update["RuleGroup"]["RulesSource"]["RulesSourceList"]["Targets"], ["a.example", "b.example"])
        self.assertEqual(update["RuleGroup"]["RuleVariables"]["IPSets"]["HOME_NET"]["Definition"],
                         ["10.20.0.0/18", "10.20.64.0/18"])

    def test_a_baseline_change_writes_nothing(self):
        self.nfw.script("describe_rule_group", live(["a.example"], home_net=["10.20.0.0/18"]))
        reply = self.run_event("Update", properties(targets=["new.example"]), old_properties=properties(),
                               physical_id=ARN)
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        self.assertNotIn("update_rule_group", self.nfw.operations())

    def test_a_concurrent_firewall_sync_write_is_read_again_not_overwritten(self):
        self.nfw.script("describe_rule_group", live(["a.example"], token="t1"), live(["a.example", "c.example"], token="t2"))
        self.nfw.script("update_rule_group", self.nfw.exceptions.InvalidTokenException("stale"), {})
        reply = self.run_event("Update", properties(home_net=["10.20.0.0/18"]),
                               old_properties=properties(home_net=["10.20.0.0/16"]), physical_id=ARN)
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        updates = [kwargs for op, kwargs in self.nfw.calls if op == "update_rule_group"]
        self.assertEqual(updates[-1]["UpdateToken"], "t2")
        self.assertEqual(updates[-1]["RuleGroup"]["RulesSource"]["RulesSourceList"]["Targets"], ["a.example", "c.example"])

    def test_a_capacity_change_is_refused_and_nothing_is_replaced(self):
        reply = self.run_event("Update", properties(capacity=6000), old_properties=properties(capacity=3000),
                               physical_id=ARN)
        self.assertEqual(reply["Status"], "FAILED")
        self.assertIn("capacity is fixed", reply["Reason"])
        self.assertEqual(self.nfw.calls, [])
        self.assertEqual(reply["Rest"], (ARN,))

    def test_a_new_name_is_refused(self):
        reply = self.run_event("Update", properties(name="Other-allowlist"), old_properties=properties(),
                               physical_id=ARN)
        self.assertEqual(reply["Status"], "FAILED")
        self.assertIn("name is fixed", reply["Reason"])

    def test_an_existing_group_of_that_name_is_adopted_with_its_targets(self):
        self.nfw.script("describe_rule_group", live(["a.example"], home_net=["10.20.0.0/16"]))
        reply = self.run_event("Create", properties(home_net=["10.20.0.0/16"]))
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        self.assertNotIn("create_rule_group", self.nfw.operations())
        self.assertNotIn("update_rule_group", self.nfw.operations())
        self.assertEqual(reply["Rest"], (ARN,))

    def test_a_rules_string_group_is_created_with_its_rules_as_given(self):
        self.nfw.script("describe_rule_group", self.nfw.exceptions.ResourceNotFoundException("none"))
        self.nfw.script("create_rule_group", {"RuleGroupResponse": {"RuleGroupArn": ARN}})
        reply = self.run_event("Create", rules_properties())
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        created = dict(self.nfw.calls)["create_rule_group"]
        self.assertEqual(created["RuleGroup"]["RulesSource"], {"RulesString": LEARNING})
        self.assertEqual(created["Capacity"], 2000)

    def test_a_home_net_change_keeps_the_live_rules_string(self):
        written = "pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:\"a.example\"; sid:1; rev:1;)"
        self.nfw.script("describe_rule_group", live_rules(written))
        reply = self.run_event("Update", rules_properties(home_net=["10.20.32.0/22", "10.20.96.0/22"]),
                               old_properties=rules_properties(), physical_id=ARN)
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        update = dict(self.nfw.calls)["update_rule_group"]
        self.assertEqual(update["RuleGroup"]["RulesSource"], {"RulesString": written})
        self.assertEqual(update["RuleGroup"]["RuleVariables"]["IPSets"]["HOME_NET"]["Definition"],
                         ["10.20.32.0/22", "10.20.96.0/22"])

    def test_a_changed_form_in_the_template_writes_nothing(self):
        # learn -> enforce in the context: the switch is an approved request, which firewall-sync applies.
        self.nfw.script("describe_rule_group", live_rules(LEARNING))
        reply = self.run_event("Update", properties(home_net=["10.20.32.0/22"], capacity=2000),
                               old_properties=rules_properties(), physical_id=ARN)
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        self.assertNotIn("update_rule_group", self.nfw.operations())

    def test_a_rules_string_group_refuses_a_capacity_change_too(self):
        reply = self.run_event("Update", rules_properties(capacity=4000), old_properties=rules_properties(),
                               physical_id=ARN)
        self.assertEqual(reply["Status"], "FAILED")
        self.assertIn("capacity is fixed", reply["Reason"])
        self.assertEqual(self.nfw.calls, [])

    def test_deletion_leaves_a_group_a_policy_still_uses(self):
        self.nfw.script("delete_rule_group", self.nfw.exceptions.InvalidOperationException("in use"))
        reply = self.run_event("Delete", properties(), physical_id=ARN)
        self.assertEqual(reply["Status"], "SUCCESS")

    def test_rollback_of_a_failed_creation_deletes_nothing(self):
        reply = self.run_event("Delete", properties(), physical_id="not-created")
        self.assertEqual(reply["Status"], "SUCCESS")
        self.assertEqual(self.nfw.calls, [])


if __name__ == "__main__":
    unittest.main()
