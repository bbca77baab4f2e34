"""Custom resource: lets a failed first deploy roll the firewall back despite its protections.

Network Firewall refuses to delete a firewall with delete protection, so a first deploy that fails
after the firewall exists ends in ROLLBACK_FAILED. This resource depends on the firewall, so
CloudFormation deletes it before the firewall. On that Delete it looks at its stack: only while the
stack rolls back a failed creation (ROLLBACK_IN_PROGRESS) does it turn the three protections off, so
that the firewall can go too. Any other Delete (stack deletion, an update rolled back, the resource
removed) leaves the protections as they are: they stay on in steady state, and the firewallProtection
context switch is the one way to turn them off for a teardown.
"""

import boto3

# answer() is common/custom_resource.py, appended to this file when it is inlined.

_CLOUDFORMATION = boto3.client("cloudformation")
_NFW = boto3.client("network-firewall")
_ROLLING_BACK_CREATION = "ROLLBACK_IN_PROGRESS"


def handler(event, _context):
    answer(event, work, lambda e: e["ResourceProperties"]["FirewallArn"])


def work(event):
    if event["RequestType"] == "Delete" and stack_status(event["StackId"]) == _ROLLING_BACK_CREATION:
        unprotect(event["ResourceProperties"]["FirewallArn"])


def stack_status(stack_id):
    return _CLOUDFORMATION.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"]


def unprotect(firewall_arn):
    try:
        token = _NFW.describe_firewall(FirewallArn=firewall_arn)["UpdateToken"]
    except _NFW.exceptions.ResourceNotFoundException:
        return
    token = _NFW.update_firewall_delete_protection(
        FirewallArn=firewall_arn, DeleteProtection=False, UpdateToken=token)["UpdateToken"]
    token = _NFW.update_firewall_policy_change_protection(
        FirewallArn=firewall_arn, FirewallPolicyChangeProtection=False, UpdateToken=token)["UpdateToken"]
    _NFW.update_subnet_change_protection(FirewallArn=firewall_arn, SubnetChangeProtection=False, UpdateToken=token)

