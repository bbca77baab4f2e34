"""The answer to CloudFormation that every custom resource handler sends, whatever happens.

An inline function's code is one file (index.py), so CustomResourceFunction.inlineSource appends this
file to each handler's source: a handler calls answer or respond without importing them.
"""
import json
import urllib.request


def answer(event, work, physical_id):
    """Runs work(event) and answers with the Data it returns, or FAILED and the error.

    The physical id is the event's; on a Create, physical_id(event).
    """
    data, status, reason = {}, "SUCCESS", "OK"
    try:
        data = work(event) or {}
    except Exception as error:  # noqa: BLE001 - CloudFormation must always get an answer, or it waits an hour
        status, reason = "FAILED", f"{type(error).__name__}: {error}"
    respond(event, status, reason, data, event.get("PhysicalResourceId") or physical_id(event))


def respond(event, status, reason, data, physical_id):
    # The response URL is a pre-signed S3 URL: it is never logged.
    body = json.dumps({
        "Status": status,
        "Reason": reason,
        "PhysicalResourceId": physical_id,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "Data": data,
    }).encode("utf-8")
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT", headers={"Content-Type": ""})
    with urllib.request.urlopen(request, timeout=30) as reply:
        reply.read()
