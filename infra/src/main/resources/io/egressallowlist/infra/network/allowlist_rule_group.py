"""Custom resource: a scope's rule group, whose rules CloudFormation must never write after creation.

The targets belong to firewall-sync (the one writer of the live list). UpdateRuleGroup replaces the whole
group, so an AWS::NetworkFirewall::RuleGroup would write its template's targets over the live list on
every update of the resource (a HOME_NET change, say), and replace a fixed-name group on a capacity
change, which fails or loses the list. The group is a domain list (RulesSourceList: a team scope, or the
single list) or Suricata rules (RulesString: global's pass rules, a team scope in learning mode); either way
the template's RulesSource is only what the group starts with. This resource:
  Create  creates the group with the baseline, in the form given, or adopts a group of that name that
          exists already (one created by an earlier template), keeping its rules;
  Update  changes HOME_NET only, keeping the rules in whatever form firewall-sync last wrote them, and
          the update token protocol (a concurrent firewall-sync write makes the token stale: describe
          again and retry); refuses a new name or a new capacity (fixed at creation) with the reason, so
          CloudFormation rolls the update back; ignores a changed baseline or form (a scope's mode is
          switched by an approved request, which firewall-sync applies);
  Delete  deletes the group, unless a firewall policy still uses it (then it is left alone).
"""
import time

import boto3

# respond() is common/custom_resource.py, appended to this file when it is inlined.

_NFW = boto3.client("network-firewall")
_ATTEMPTS = 10


def handler(event, _context):
    data, status, reason = {}, "SUCCESS", "OK"
    physical_id = event.get("PhysicalResourceId")
    try:
        properties = event["ResourceProperties"]
        if event["RequestType"] == "Create":
            physical_id = create(properties)
        elif event["RequestType"] == "Update":
            refuse_fixed_changes(event["OldResourceProperties"], properties)
            set_home_net(physical_id, home_net(properties))
        else:
            delete(physical_id)
        if event["RequestType"] != "Delete":
            data = {"RuleGroupArn": physical_id}
    except Exception as error:  # noqa: BLE001 - CloudFormation must always get an answer, or it waits an hour
        status, reason = "FAILED", f"{type(error).__name__}: {error}"
    respond(event, status, reason, data, physical_id or "not-created")


def create(properties):
    try:
        existing = _NFW.describe_rule_group(RuleGroupName=properties["RuleGroupName"], Type="STATEFUL")
    except _NFW.exceptions.ResourceNotFoundException:
        existing = None
    if existing is not None:
        arn = existing["RuleGroupResponse"]["RuleGroupArn"]
        refuse_fixed_changes({"Capacity": existing["RuleGroupResponse"]["Capacity"]}, properties)
        set_home_net(arn, home_net(properties))
        return arn
    # RuleGroup has the shape of CreateRuleGroup's: HOME_NET, the baseline list, strict order.
    created = _NFW.create_rule_group(
        RuleGroupName=properties["RuleGroupName"], Type=properties["Type"], Capacity=int(properties["Capacity"]),
        Description=properties["Description"], RuleGroup=properties["RuleGroup"])
    return created["RuleGroupResponse"]["RuleGroupArn"]


def home_net(properties):
    return properties["RuleGroup"]["RuleVariables"]["IPSets"]["HOME_NET"]["Definition"]


def refuse_fixed_changes(old, new):
    if "RuleGroupName" in old and old["RuleGroupName"] != new["RuleGroupName"]:
        raise ValueError(f"the rule group's name is fixed: {old['RuleGroupName']} cannot become "
                         f"{new['RuleGroupName']} without a new group and the live list moved to it")
    if int(old["Capacity"]) != int(new["Capacity"]):
        raise ValueError(f"a rule group's capacity is fixed at creation: it is {old['Capacity']}, the template "
                         f"asks for {new['Capacity']}; set ruleGroupCapacity (or the scope's capacity) back to {old['Capacity']}")


def set_home_net(arn, home_net):
    for attempt in range(_ATTEMPTS):
        described = _NFW.describe_rule_group(RuleGroupArn=arn)
        group = described["RuleGroup"]
        ip_sets = group.setdefault("RuleVariables", {}).setdefault("IPSets", {})
        if ip_sets.get("HOME_NET", {}).get("Definition") == home_net:
            return
        ip_sets["HOME_NET"] = {"Definition": home_net}
        response = described["RuleGroupResponse"]
        update = {"RuleGroupArn": arn, "UpdateToken": described["UpdateToken"], "RuleGroup": group}
        for key in ("Description", "EncryptionConfiguration"):
            if response.get(key):
                update[key] = response[key]
        try:
            _NFW.update_rule_group(**update)
            return
        except _NFW.exceptions.InvalidTokenException:
            # firewall-sync wrote the group since the describe: read its targets again.
            time.sleep(1 + attempt)
    raise TimeoutError("the rule group kept changing; HOME_NET not set")


def delete(arn):
    if not arn or not arn.startswith("arn:"):
        return
    try:
        _NFW.delete_rule_group(RuleGroupArn=arn)
    except _NFW.exceptions.ResourceNotFoundException:
        pass
    except _NFW.exceptions.InvalidOperationException:
        pass  # still used by a firewall policy: not ours to break

