"""Custom resource: the account's API Gateway CloudWatch Logs role, set only where it is missing.

API Gateway writes the logs of every stage of an account and Region with one role, the account
setting cloudwatchRoleArn (GetAccount/UpdateAccount); a stage with access logging fails to create
while it is unset. Create and Update: if the setting names a role that exists, leave it (other APIs of
the account rely on it); otherwise set RoleArn. Delete: leave the setting as it is (stages created
since may use it); the stack retains the role for the same reason.
"""
import time

import boto3

# answer() is common/custom_resource.py, appended to this file when it is inlined.

_APIGATEWAY = boto3.client("apigateway")
_IAM = boto3.client("iam")
_ATTEMPTS = 12
_PAUSE_SECONDS = 10


def handler(event, _context):
    answer(event, work, lambda _event: "api-gateway-account-cloudwatch-role")


def work(event):
    if event["RequestType"] != "Delete":
        return ensure_role(event["ResourceProperties"]["RoleArn"])
    return {}


def ensure_role(role_arn):
    current = _APIGATEWAY.get_account().get("cloudwatchRoleArn")
    if current and role_exists(current):
        return {"CloudWatchRoleArn": current, "SetByThisStack": "false"}
    for attempt in range(_ATTEMPTS):
        try:
            _APIGATEWAY.update_account(patchOperations=[
                {"op": "replace", "path": "/cloudwatchRoleArn", "value": role_arn}])
            return {"CloudWatchRoleArn": role_arn, "SetByThisStack": "true"}
        except _APIGATEWAY.exceptions.BadRequestException:
            # A new role takes a few seconds before API Gateway can assume it (IAM is eventually consistent).
            if attempt + 1 == _ATTEMPTS:
                raise
            time.sleep(_PAUSE_SECONDS)
    raise AssertionError("unreachable")


def role_exists(role_arn):
    try:
        _IAM.get_role(RoleName=role_arn.rsplit("/", 1)[-1])
        return True
    except _IAM.exceptions.NoSuchEntityException:
        return False

