"""Custom resource: a Lambda layer version holding files whose text CloudFormation completes at deploy.

The scopes file names each scope's rule group by ARN, and an ARN holds the account and Region, which an
environment-agnostic app learns only at deploy; a layer built at synth (an asset) cannot hold them. This resource
receives the files with their ARNs resolved and publishes them as a layer version:
  Create, Update  publish a new version holding exactly Files ({path: text}); its ARN is the physical id, so
                  an update replaces it and every function using it gets a new configuration (and version);
  Delete          nothing: like the policy layer's, a version stays (a function version may still use it).
"""
import io
import zipfile

import boto3

# respond() is common/custom_resource.py, appended to this file when it is inlined.

_LAMBDA = boto3.client("lambda")
# Fixed timestamps: the same files give the same archive.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def handler(event, _context):
    data, status, reason = {}, "SUCCESS", "OK"
    physical_id = event.get("PhysicalResourceId")
    try:
        if event["RequestType"] in ("Create", "Update"):
            physical_id = publish(event["ResourceProperties"])
            data = {"LayerVersionArn": physical_id}
    except Exception as error:  # noqa: BLE001 - CloudFormation must always get an answer, or it waits an hour
        status, reason = "FAILED", f"{type(error).__name__}: {error}"
    respond(event, status, reason, data, physical_id or "not-created")


def publish(properties):
    files = properties["Files"]
    if not files:
        raise ValueError("a layer needs at least one file")
    published = _LAMBDA.publish_layer_version(
        LayerName=properties["LayerName"], Description=properties.get("Description", ""),
        Content={"ZipFile": archive(files)}, CompatibleRuntimes=properties["CompatibleRuntimes"],
        CompatibleArchitectures=properties["CompatibleArchitectures"])
    return published["LayerVersionArn"]


def archive(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(files):
            if path.startswith("/") or ".." in path.split("/"):
                raise ValueError(f"a layer file must stay inside the layer: {path}")
            entry = zipfile.ZipInfo(path, date_time=_EPOCH)
            entry.external_attr = 0o644 << 16
            zipped.writestr(entry, files[path])
    return buffer.getvalue()
