"""The answer to CloudFormation that every custom resource handler sends.

An inline function's code is one file (index.py), so CustomResourceFunction.inlineSource appends this
file to each handler's source: a handler calls respond without importing it.
"""
import json
import urllib.request


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
