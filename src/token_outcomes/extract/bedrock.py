"""AWS Bedrock model invocation logs: the files Bedrock delivers to S3 (or that a user copied into a
folder), read from BEDROCK_LOG_LOCATION: `s3://bucket/prefix` (with boto3, which the user installs and
configures as for the AWS CLI) or a local folder.

Each delivered file (JSON lines, gzipped or not) is read once: the state keeps each file's name and size, so
a file delivered again with more in it is read again (staging keeps one version of each request). Every
record lands as delivered, except that the prompt and the answer never do: `input.inputBodyJson`,
`output.outputBodyJson` and their S3 paths are removed before a record is written (README, "AWS Bedrock").
A line that is not JSON cannot be cleaned, so it is not landed: the run names its file and line.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from token_outcomes.extract.core import Context, Extractor
from token_outcomes.extract.http import Api, ExtractError
from token_outcomes.extract.landing import LandingFile, one_line
from token_outcomes.extract.progress import EntityResult

BODY_FIELDS = {"input": ("inputBodyJson", "inputBodyS3Path"), "output": ("outputBodyJson", "outputBodyS3Path")}
SUFFIXES = (".json", ".json.gz", ".jsonl", ".jsonl.gz")


def s3_client() -> Any:
    """boto3's S3 client (credentials as the AWS CLI finds them); boto3 is not a dependency of the project."""
    try:
        import boto3
    except ImportError:
        raise ExtractError("aws/bedrock_invocations: reading s3:// needs boto3 (pip install boto3 in .venv), or "
                           "copy the logs with `aws s3 sync` and set BEDROCK_LOG_LOCATION to the folder.") from None
    return boto3.client("s3")


def without_bodies(line: str) -> str | None:
    """The record with no prompt or answer; the line itself when it holds neither; None when not JSON."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    removed = False
    for part, fields in BODY_FIELDS.items():
        section = record.get(part)
        if isinstance(section, dict):
            for field in fields:
                if field in section:
                    del section[field]
                    removed = True
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) if removed else one_line(line)


class BedrockInvocations(Extractor):
    source = "aws"
    entity = "bedrock_invocations"
    settings = ("BEDROCK_LOG_LOCATION",)

    def headers(self, secret: str, env: dict[str, str]) -> dict[str, str]:
        return {}

    def files(self, location: str) -> Iterator[tuple[str, int, Any]]:
        """(name, size, reader of its bytes) of each delivered log file, in name order."""
        if location.startswith("s3://"):
            bucket, _, prefix = location[5:].partition("/")
            client = s3_client()
            objects = [item for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
                       for item in page.get("Contents", [])]
            for item in sorted(objects, key=lambda item: item["Key"]):
                if item["Key"].endswith(SUFFIXES):
                    yield item["Key"], item["Size"], (
                        lambda key=item["Key"]: client.get_object(Bucket=bucket, Key=key)["Body"].read())
            return
        root = Path(location)
        if not root.is_dir():
            raise ExtractError(f"{self.name}: BEDROCK_LOG_LOCATION {location} is neither s3://bucket/prefix nor a folder.")
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.name.endswith(SUFFIXES):
                yield str(path.relative_to(root)), path.stat().st_size, path.read_bytes

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        location = ctx.env["BEDROCK_LOG_LOCATION"]
        read = dict(ctx.state.get(self.name, location).get("files", {}))
        unreadable = []
        for name, size, content in self.files(location):
            if read.get(name) == size:
                continue
            data = content()
            text = (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")
            count = 0
            for number, line in enumerate(text.split("\n"), start=1):
                if not line.strip():
                    continue
                cleaned = without_bodies(line)
                if cleaned is None:
                    unreadable.append(f"{name}:{number}")
                    continue
                out.write(cleaned)
                count += 1
            ctx.progress.page(result, count)
            read[name] = size
        if unreadable:
            result.note = (f"{len(unreadable)} line(s) not JSON, not landed (they may hold a prompt): "
                           + ", ".join(unreadable[:10]))
        return {location: {"files": read}}


EXTRACTORS = [BedrockInvocations]
