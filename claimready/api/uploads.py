"""Upload of a claim's files by multipart: size and type checked up front, then each file is
stored to the bucket and goes through the same pipeline as a bucket upload.

The size limit is enforced before the body is parsed: a declared Content-Length over the
limit is refused at once, and the body stream is counted as it arrives (chunked uploads
carry no length). A file's type comes from its first bytes, never its name (SPEC section 1).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from claimready.api.review_common import (JsonErrorRoute, PayloadTooLarge, UnsupportedMediaType, error_responses,
                                          require_role)
from claimready.errors import InputError, InvalidManifest
from claimready.intake.sniff import describe_unknown, sniff_kind
from claimready.manifest import MANIFEST_NAME, parse_manifest
from claimready.models import FileKind
from claimready.review.context import ReviewContext, review_context
from claimready.review.service import Actor

router = APIRouter(prefix="/v1", tags=["uploads"], route_class=JsonErrorRoute)
MAX_FILES = 100
MAX_NAME = 200

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["files"],
            "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"},
                                     "description": "PDF, PNG, JPEG or TIFF files, and optionally claim.json"}}}}},
    }
}


class UploadedFileOut(BaseModel):
    name: str
    size: int
    kind: str


class UploadOut(BaseModel):
    claim_id: str
    files: list[UploadedFileOut]
    status: str = "processing"


def check_claim_id(claim_id: str) -> str:
    if not claim_id or len(claim_id) > MAX_NAME or claim_id in (".", "..") or any(c in claim_id for c in "/\\\0"):
        raise InputError("claim_id must be 1-200 characters without slashes")
    return claim_id


def check_file_name(name: str | None) -> str:
    """The name as uploaded, minus any folder part; refused when empty or hidden."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not base or base.startswith(".") or len(base) > MAX_NAME or "\0" in base:
        raise InputError(f"file name {name!r} is empty, hidden or longer than {MAX_NAME} characters")
    return base


def check_declared_length(request: Request, limit: int) -> None:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the upload is {int(declared)} bytes, more than the {limit} allowed")


async def limited_stream(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise PayloadTooLarge(f"the upload is more than the {limit} bytes allowed")
        yield chunk


def file_kind(name: str, head: bytes, data: bytes, max_manifest: int) -> FileKind | str:
    """PDF/PNG/JPEG/TIFF by magic bytes, or a valid claim.json; anything else is 415."""
    if name == MANIFEST_NAME:
        try:
            parse_manifest(data, max_manifest)
        except InvalidManifest as exc:
            raise InvalidManifest(f"claim.json: {exc.reason}") from None
        return "manifest"
    kind = sniff_kind(head)
    if kind is FileKind.UNKNOWN:
        raise UnsupportedMediaType(f"{name}: {describe_unknown(head)}; only PDF, PNG, JPEG, TIFF and claim.json are accepted")
    return kind


async def read_parts(request: Request, limit: int) -> list[UploadFile]:
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UnsupportedMediaType("send the files as multipart/form-data, field 'files'")
    parser = MultiPartParser(request.headers, limited_stream(request, limit), max_files=MAX_FILES)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise InputError(f"malformed multipart body: {exc.message}") from None
    files = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
    if not files:
        raise InputError("no file in the upload: send them in the 'files' field")
    return files


@router.post("/claims/{claim_id}/files", status_code=202, response_model=UploadOut, summary="Upload claim files",
             openapi_extra=UPLOAD_BODY, responses=error_responses(400, 401, 403, 413, 415, 422))
async def upload_files(claim_id: str, request: Request,
                       actor: Annotated[Actor, Depends(require_role("portal", "adjuster", "admin"))],
                       context: Annotated[ReviewContext, Depends(review_context)]) -> UploadOut:
    """Store a claim's files (creating the claim if new); each is read and the claim re-evaluated
    exactly as when a file lands in the bucket. 413 over the size limit, 415 for a file that is
    not a PDF, image or claim.json: nothing is stored when any file is refused."""
    check_claim_id(claim_id)
    limit = context.settings.max_upload_bytes
    check_declared_length(request, limit)
    parts = await read_parts(request, limit)
    accepted: list[tuple[str, bytes, str]] = []
    for part in parts:
        name = check_file_name(part.filename)
        data = await part.read()
        if not data:
            raise InputError(f"{name} is empty")
        if len(data) > context.settings.max_file_bytes:
            raise PayloadTooLarge(f"{name} is {len(data)} bytes, more than the {context.settings.max_file_bytes} allowed")
        kind = file_kind(name, data[:1024], data, context.settings.max_manifest_bytes)
        accepted.append((name, data, str(kind)))
    for name, data, _ in accepted:
        context.store.save_upload(actor.tenant, claim_id, name, data, actor.name)
    return UploadOut(claim_id=claim_id, files=[UploadedFileOut(name=n, size=len(d), kind=k) for n, d, k in accepted])
