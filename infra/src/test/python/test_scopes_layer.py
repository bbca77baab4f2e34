import io
import unittest
import zipfile

import fakes

ARN = "arn:aws:lambda:eu-west-1:111122223333:layer:Cp-scopes:3"


def properties(files=None):
    return {"LayerName": "Cp-scopes", "Description": "d", "CompatibleRuntimes": ["java21"],
            "CompatibleArchitectures": ["arm64"],
            "Files": {"egress-allowlist/scopes.txt": "scope risk\nrule-group = arn:aws:x\n"} if files is None else files}


class ScopesLayerTest(unittest.TestCase):

    def setUp(self):
        self.handler, self.clients = fakes.load("controlplane/scopes_layer.py")
        self.lam = self.clients["lambda"]

    def run_event(self, *args, **kwargs):
        self.handler.handler(fakes.event(*args, **kwargs), None)
        return self.handler.responses[-1]

    def published_files(self):
        content = dict(self.lam.calls)["publish_layer_version"]["Content"]["ZipFile"]
        with zipfile.ZipFile(io.BytesIO(content)) as zipped:
            return {name: zipped.read(name).decode("utf-8") for name in zipped.namelist()}

    def test_creation_publishes_exactly_the_files_and_answers_the_version(self):
        self.lam.script("publish_layer_version", {"LayerVersionArn": ARN})
        reply = self.run_event("Create", properties())
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        self.assertEqual(reply["Data"], {"LayerVersionArn": ARN})
        self.assertEqual(reply["Rest"], (ARN,))
        self.assertEqual(self.published_files(), {"egress-allowlist/scopes.txt": "scope risk\nrule-group = arn:aws:x\n"})
        call = dict(self.lam.calls)["publish_layer_version"]
        self.assertEqual(call["LayerName"], "Cp-scopes")
        self.assertEqual(call["CompatibleRuntimes"], ["java21"])

    def test_the_scopes_domains_and_subnets_resolved_at_deploy_are_published_as_written(self):
        text = ("scope risk\nrule-group     = arn:aws:x\nstudio-domains = d-risk12345678\n"
                "policy         = scopes/risk.policy\nstudio-subnets = subnet-0a1, subnet-0b2\n")
        self.lam.script("publish_layer_version", {"LayerVersionArn": ARN})
        reply = self.run_event("Create", properties({"egress-allowlist/scopes.txt": text}))
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        self.assertEqual(self.published_files(), {"egress-allowlist/scopes.txt": text})

    def test_an_update_publishes_a_new_version_which_becomes_the_physical_id(self):
        newer = ARN[:-1] + "4"
        self.lam.script("publish_layer_version", {"LayerVersionArn": newer})
        reply = self.run_event("Update", properties(), old_properties=properties(), physical_id=ARN)
        self.assertEqual(reply["Status"], "SUCCESS", reply["Reason"])
        self.assertEqual(reply["Rest"], (newer,))

    def test_the_same_files_give_the_same_archive(self):
        self.lam.script("publish_layer_version", {"LayerVersionArn": ARN})
        self.run_event("Create", properties())
        first = dict(self.lam.calls)["publish_layer_version"]["Content"]["ZipFile"]
        self.lam.calls.clear()
        self.run_event("Create", properties())
        self.assertEqual(dict(self.lam.calls)["publish_layer_version"]["Content"]["ZipFile"], first)

    def test_deletion_keeps_the_version(self):
        reply = self.run_event("Delete", properties(), physical_id=ARN)
        self.assertEqual(reply["Status"], "SUCCESS")
        self.assertEqual(self.lam.calls, [])

    def test_a_path_leaving_the_layer_is_refused_and_nothing_is_published(self):
        reply = self.run_event("Create", properties({"../etc/passwd": "x"}))
        self.assertEqual(reply["Status"], "FAILED")
        self.assertIn("inside the layer", reply["Reason"])
        self.assertEqual(self.lam.calls, [])

    def test_a_failed_publication_is_answered_not_left_waiting(self):
        self.lam.script("publish_layer_version", self.lam.exceptions.InvalidRequestException("too big"))
        reply = self.run_event("Create", properties())
        self.assertEqual(reply["Status"], "FAILED")
        self.assertIn("too big", reply["Reason"])
        self.assertEqual(reply["Rest"], ("not-created",))


if __name__ == "__main__":
    unittest.main()
