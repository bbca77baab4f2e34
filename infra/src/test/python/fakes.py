"""A stand-in for boto3 for the custom resource handlers: clients record their calls and answer from scripts."""
import sys
import types
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "main" / "resources" / "io" / "egressallowlist" / "infra"


class ClientError(Exception):
    pass


class FakeClient:
    """Answers each call with the next scripted reply for that operation (an exception is raised)."""

    def __init__(self, service):
        self.service = service
        self.calls = []
        self.replies = {}
        self.exceptions = types.SimpleNamespace(**{name: type(name, (ClientError,), {}) for name in (
            "BadRequestException", "NoSuchEntityException", "ResourceNotFoundException",
            "InvalidTokenException", "InvalidRequestException", "InvalidOperationException")})

    def script(self, operation, *replies):
        self.replies.setdefault(operation, []).extend(replies)

    def __getattr__(self, operation):
        def call(**kwargs):
            self.calls.append((operation, kwargs))
            queue = self.replies.get(operation, [])
            reply = queue.pop(0) if len(queue) > 1 else (queue[0] if queue else {})
            if isinstance(reply, Exception):
                raise reply
            if isinstance(reply, type) and issubclass(reply, Exception):
                raise reply("scripted")
            return reply
        return call

    def operations(self):
        return [operation for operation, _ in self.calls]


def inline_source(path):
    """The handler at RESOURCES/path as CustomResourceFunction.inlineSource inlines it: with common/custom_resource.py."""
    return (RESOURCES / path).read_text(encoding="utf-8") + "\n\n" + (
        RESOURCES / "common" / "custom_resource.py").read_text(encoding="utf-8")


def load_inlined(path):
    """Runs the handler at RESOURCES/path as it is inlined, with fresh fake clients; returns (module, clients)."""
    clients = {}

    def client(service, **_):
        return clients.setdefault(service, FakeClient(service))

    sys.modules["boto3"] = types.SimpleNamespace(client=client)
    module = types.ModuleType(path.replace("/", "_").replace(".py", ""))
    exec(compile(inline_source(path), str(RESOURCES / path), "exec"), module.__dict__)
    return module, clients


def load(path, monkey_sleep=True):
    """The handler at RESOURCES/path, its answers to CloudFormation recorded in module.responses."""
    module, clients = load_inlined(path)
    if monkey_sleep:
        module.time = types.SimpleNamespace(sleep=lambda _seconds: None)
    responses = []
    module.respond = lambda event, status, reason, data=None, *rest: responses.append(
        {"Status": status, "Reason": reason, "Data": data, "Rest": rest})
    module.responses = responses
    return module, clients


def event(request_type, properties, old_properties=None, physical_id=None, stack_id="arn:aws:cloudformation:eu-west-1:111122223333:stack/Net/1"):
    e = {"RequestType": request_type, "ResourceProperties": properties, "StackId": stack_id,
         "RequestId": "r", "LogicalResourceId": "L", "ResponseURL": "https://example.invalid/"}
    if old_properties is not None:
        e["OldResourceProperties"] = old_properties
    if physical_id is not None:
        e["PhysicalResourceId"] = physical_id
    return e
