import json
import types
import unittest

import fakes

HANDLERS = ("controlplane/api_gateway_account.py", "network/allowlist_rule_group.py",
            "network/firewall_endpoints.py", "network/firewall_rollback_guard.py")


class CustomResourceAnswerTest(unittest.TestCase):

    def test_every_handler_as_inlined_answers_with_the_common_respond(self):
        for path in HANDLERS:
            with self.subTest(path=path):
                module, _ = fakes.load_inlined(path)
                self.assertEqual(module.respond.__code__.co_varnames[:5],
                                 ("event", "status", "reason", "data", "physical_id"))

    def test_work_that_fails_is_answered_failed_with_the_error_and_the_events_physical_id(self):
        module, _ = fakes.load_inlined("network/firewall_rollback_guard.py")
        sent = []
        module.respond = lambda *args: sent.append(args[1:])

        def failing(_event):
            raise ValueError("no")

        module.answer(fakes.event("Update", {}, physical_id="arn:fw"), failing, lambda _event: "unused")
        module.answer(fakes.event("Create", {}), lambda _event: {"K": "v"}, lambda _event: "new-id")
        module.answer(fakes.event("Delete", {}, physical_id="arn:fw"), lambda _event: None, lambda _event: "unused")

        self.assertEqual(sent, [("FAILED", "ValueError: no", {}, "arn:fw"), ("SUCCESS", "OK", {"K": "v"}, "new-id"),
                                ("SUCCESS", "OK", {}, "arn:fw")])

    def test_the_answer_is_put_to_the_response_url_with_the_requests_ids(self):
        module, _ = fakes.load_inlined("network/firewall_rollback_guard.py")
        sent = []

        class Reply:
            def __enter__(self):
                return self

            def __exit__(self, *_):
                return False

            def read(self):
                return b""

        def urlopen(request, timeout):
            sent.append((request, timeout))
            return Reply()

        module.urllib = types.SimpleNamespace(request=types.SimpleNamespace(
            Request=module.urllib.request.Request, urlopen=urlopen))
        event = fakes.event("Create", {"FirewallArn": "arn:fw"})
        module.respond(event, "FAILED", "ValueError: no", {"K": "v"}, "arn:fw")

        request, timeout = sent[0]
        self.assertEqual((request.full_url, request.get_method(), timeout), (event["ResponseURL"], "PUT", 30))
        # A pre-signed S3 URL is signed without a content type: any other than empty is refused.
        self.assertEqual(request.get_header("Content-type"), "")
        self.assertEqual(json.loads(request.data), {
            "Status": "FAILED", "Reason": "ValueError: no", "PhysicalResourceId": "arn:fw",
            "StackId": event["StackId"], "RequestId": "r", "LogicalResourceId": "L", "Data": {"K": "v"}})


if __name__ == "__main__":
    unittest.main()
