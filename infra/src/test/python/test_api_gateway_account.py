import unittest

import fakes

ROLE = "arn:aws:iam::111122223333:role/Stack-CloudWatchRole-ABC"
OTHER = "arn:aws:iam::111122223333:role/team/their-apigw-logs"


class ApiGatewayAccountTest(unittest.TestCase):

    def setUp(self):
        self.handler, self.clients = fakes.load("controlplane/api_gateway_account.py")
        self.apigateway = self.clients["apigateway"]
        self.iam = self.clients["iam"]

    def test_an_account_without_a_role_gets_this_stacks_role(self):
        self.apigateway.script("get_account", {})
        self.handler.handler(fakes.event("Create", {"RoleArn": ROLE}), None)
        self.assertEqual(self.handler.responses[0]["Status"], "SUCCESS")
        self.assertIn(("update_account", {"patchOperations": [
            {"op": "replace", "path": "/cloudwatchRoleArn", "value": ROLE}]}), self.apigateway.calls)
        self.assertEqual(self.handler.responses[0]["Data"]["SetByThisStack"], "true")

    def test_an_existing_role_of_the_account_is_kept(self):
        self.apigateway.script("get_account", {"cloudwatchRoleArn": OTHER})
        self.handler.handler(fakes.event("Create", {"RoleArn": ROLE}), None)
        self.assertNotIn("update_account", self.apigateway.operations())
        self.assertEqual(self.iam.calls, [("get_role", {"RoleName": "their-apigw-logs"})])
        self.assertEqual(self.handler.responses[0]["Data"], {"CloudWatchRoleArn": OTHER, "SetByThisStack": "false"})

    def test_a_setting_naming_a_deleted_role_is_repaired(self):
        self.apigateway.script("get_account", {"cloudwatchRoleArn": OTHER})
        self.iam.script("get_role", self.iam.exceptions.NoSuchEntityException("gone"))
        self.handler.handler(fakes.event("Update", {"RoleArn": ROLE}), None)
        self.assertIn("update_account", self.apigateway.operations())

    def test_a_role_api_gateway_cannot_assume_yet_is_retried(self):
        self.apigateway.script("get_account", {})
        self.apigateway.script("update_account", self.apigateway.exceptions.BadRequestException("not yet"), {})
        self.handler.handler(fakes.event("Create", {"RoleArn": ROLE}), None)
        self.assertEqual(self.apigateway.operations().count("update_account"), 2)
        self.assertEqual(self.handler.responses[0]["Status"], "SUCCESS")

    def test_deletion_leaves_the_account_setting_alone(self):
        self.handler.handler(fakes.event("Delete", {"RoleArn": ROLE}, physical_id="x"), None)
        self.assertEqual(self.apigateway.calls, [])
        self.assertEqual(self.handler.responses[0]["Status"], "SUCCESS")

    def test_a_failure_is_reported_to_cloudformation(self):
        self.apigateway.script("get_account", RuntimeError("throttled"))
        self.handler.handler(fakes.event("Create", {"RoleArn": ROLE}), None)
        self.assertEqual(self.handler.responses[0]["Status"], "FAILED")
        self.assertIn("throttled", self.handler.responses[0]["Reason"])


if __name__ == "__main__":
    unittest.main()
