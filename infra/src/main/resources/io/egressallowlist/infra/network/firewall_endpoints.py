"""Custom resource: the Network Firewall endpoint of each firewall subnet.

CloudFormation returns a firewall's endpoints only as an unordered list of "az:vpce-id", so the
endpoint of a given zone cannot be picked from it by position. This reads DescribeFirewall and
answers EndpointId<i> for the i-th id of the SubnetIds property, matched on the subnet id, which
works whether the zone names are known at synth time or not.
"""
import time

import boto3

# answer() is common/custom_resource.py, appended to this file when it is inlined.

_FIREWALL = boto3.client("network-firewall")
_ATTEMPTS = 20
_PAUSE_SECONDS = 15


def handler(event, _context):
    answer(event, work, lambda e: e["ResourceProperties"]["FirewallArn"])


def work(event):
    if event["RequestType"] != "Delete":
        return endpoints(event["ResourceProperties"])
    return {}


def endpoints(properties):
    subnets = properties["SubnetIds"]
    for attempt in range(_ATTEMPTS):
        by_subnet = endpoints_by_subnet(properties["FirewallArn"])
        missing = [subnet for subnet in subnets if subnet not in by_subnet]
        if not missing:
            return {f"EndpointId{i}": by_subnet[subnet] for i, subnet in enumerate(subnets)}
        if attempt + 1 < _ATTEMPTS:
            time.sleep(_PAUSE_SECONDS)
    raise LookupError(f"the firewall has no endpoint in subnets {missing}")


def endpoints_by_subnet(firewall_arn):
    status = _FIREWALL.describe_firewall(FirewallArn=firewall_arn)["FirewallStatus"]
    attachments = (state.get("Attachment", {}) for state in status.get("SyncStates", {}).values())
    return {a["SubnetId"]: a["EndpointId"] for a in attachments if a.get("SubnetId") and a.get("EndpointId")}

