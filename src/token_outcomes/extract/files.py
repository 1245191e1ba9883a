"""Sources that deliver files, not an API: AWS Bedrock's model invocation logs and the OpenTelemetry
Collector's file exporter. Each reads a location, `s3://bucket/prefix` (with boto3, which the user
installs and configures as for the AWS CLI) or a local folder, and lands the lines of the files it has not
read yet.

A file is read once: the state keeps each file's name and size, so a file that grows (the collector's
active file, a delivery written again) is read again whole, and staging keeps one version of each record.
A line that is not JSON (the last line of a file still being written, a damaged line) is not landed: the
run names its file and line, and the next run reads it again if the file grows.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from token_outcomes.extract.core import Context, Extractor
from token_outcomes.extract.http import Api, ExtractError
from token_outcomes.extract.landing import LandingFile, one_line
from token_outcomes.extract.progress import EntityResult


def s3_client() -> Any:
    """boto3's S3 client (credentials as the AWS CLI finds them); boto3 is not a dependency of the project."""
    try:
        import boto3
    except ImportError:
        raise ExtractError("reading s3:// needs boto3 (pip install boto3 in .venv), or copy the files with "
                           "`aws s3 sync` and set the location to the folder.") from None
    return boto3.client("s3")


class FileDrop(Extractor):
    location_variable = ""
    suffixes: tuple[str, ...] = ()

    @property
    def settings(self) -> tuple[str, ...]:
        return (self.location_variable,)

    def headers(self, secret: str, env: Mapping[str, str]) -> dict[str, str]:
        return {}

    def clean(self, line: str) -> str | None:
        """The line to land (None: not JSON, not landed)."""
        try:
            json.loads(line)
        except ValueError:
            return None
        return one_line(line)

    def files(self, location: str) -> Iterator[tuple[str, int, Callable[[], bytes]]]:
        """(name, size, reader of its bytes) of each file, in name order."""
        if location.startswith("s3://"):
            bucket, _, prefix = location[5:].partition("/")
            client = s3_client()
            objects = [item for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
                       for item in page.get("Contents", [])]
            for item in sorted(objects, key=lambda item: item["Key"]):
                if item["Key"].endswith(self.suffixes):
                    yield item["Key"], item["Size"], (
                        lambda key=item["Key"]: client.get_object(Bucket=bucket, Key=key)["Body"].read())
            return
        root = Path(location)
        if not root.is_dir():
            raise ExtractError(f"{self.name}: {self.location_variable} {location} is neither s3://bucket/prefix "
                               "nor a folder.")
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.name.endswith(self.suffixes):
                yield str(path.relative_to(root)), path.stat().st_size, path.read_bytes

    def extract(self, ctx: Context, api: Api, out: LandingFile, result: EntityResult) -> dict[str, dict[str, Any]]:
        location = ctx.env[self.location_variable]
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
                cleaned = self.clean(line)
                if cleaned is None:
                    unreadable.append(f"{name}:{number}")
                    continue
                out.write(cleaned)
                count += 1
            ctx.progress.page(result, count)
            read[name] = size
        if unreadable:
            result.note = (f"{len(unreadable)} line(s) not JSON, not landed{self.unreadable_note}: "
                           + ", ".join(unreadable[:10]))
        return {location: {"files": read}}

    unreadable_note = ""


class BedrockInvocations(FileDrop):
    """AWS Bedrock's model invocation logs as delivered (JSON lines, gzipped or not), from
    BEDROCK_LOG_LOCATION. Every record lands as delivered, except that the prompt and the answer never do:
    `input.inputBodyJson`, `output.outputBodyJson` and their S3 paths are removed before a record is written
    (README, "AWS Bedrock"), so a line that is not JSON, which cannot be cleaned, is never landed."""

    source = "aws"
    entity = "bedrock_invocations"
    location_variable = "BEDROCK_LOG_LOCATION"
    suffixes = (".json", ".json.gz", ".jsonl", ".jsonl.gz")
    body_fields: Mapping[str, tuple[str, ...]] = {
        "input": ("inputBodyJson", "inputBodyS3Path"), "output": ("outputBodyJson", "outputBodyS3Path")}
    unreadable_note = " (they may hold a prompt)"

    def clean(self, line: str) -> str | None:
        """The record with no prompt or answer; the line itself when it holds neither; None when not JSON."""
        try:
            record = json.loads(line)
        except ValueError:
            return None
        if not isinstance(record, dict):
            return None
        removed = False
        for part, fields in self.body_fields.items():
            section = record.get(part)
            if isinstance(section, dict):
                for field in fields:
                    if field in section:
                        del section[field]
                        removed = True
        return json.dumps(record, ensure_ascii=False, separators=(",", ":")) if removed else one_line(line)


class OtlpTraces(FileDrop):
    """The OpenTelemetry Collector's file exporter (`format: json`): one OTLP/JSON export request per line, from
    OTLP_EXPORT_LOCATION (the exporter's `path` folder, rotated files and the active one; gzipped when the
    exporter compresses them). Lines land as written."""

    source = "gateway"
    entity = "otlp_traces"
    location_variable = "OTLP_EXPORT_LOCATION"
    suffixes = (".json", ".json.gz", ".jsonl", ".jsonl.gz")


EXTRACTORS = [BedrockInvocations, OtlpTraces]
