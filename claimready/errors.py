"""One error hierarchy for the whole service.

Permanent errors fail at once (retrying cannot help); transient ones are retried with backoff.
Each error becomes an HTTP answer, a CLI exit code and a document state in exactly one place:
`http_status`, `exit_code` and `document_state` below.
"""

from __future__ import annotations


class ClaimReadyError(Exception):
    """Base of every error ClaimReady raises on purpose."""

    code = "error"
    http_status = 500
    exit_code = 1

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PermanentError(ClaimReadyError):
    """Retrying will not help: bad input, bad configuration."""


class TransientError(ClaimReadyError):
    """A dependency is down or slow: retry with backoff."""

    code = "unavailable"
    http_status = 503
    exit_code = 75  # EX_TEMPFAIL


# --- unreadable documents (become UNREADABLE_DOCUMENT with the reason) -----------------
class UnreadableDocument(PermanentError):
    code = "unreadable_document"
    http_status = 422


class EmptyFile(UnreadableDocument):
    code = "empty_file"


class CorruptFile(UnreadableDocument):
    code = "corrupt_file"


class EncryptedFile(UnreadableDocument):
    code = "encrypted_file"


class UnsupportedFormat(UnreadableDocument):
    code = "unsupported_format"
    http_status = 415


class TooLarge(UnreadableDocument):
    code = "too_large"
    http_status = 413


# --- input and configuration -------------------------------------------------------------
class InputError(PermanentError):
    """What the user asked for cannot be done (no such folder, nothing in it)."""

    code = "bad_input"
    http_status = 400
    exit_code = 2


class InvalidManifest(InputError):
    code = "invalid_manifest"
    http_status = 422


class NotFound(PermanentError):
    code = "not_found"
    http_status = 404
    exit_code = 2


class Unauthorized(PermanentError):
    """No key, or a key that is unknown or revoked."""

    code = "unauthorized"
    http_status = 401


class Forbidden(PermanentError):
    """A valid key whose role may not do this."""

    code = "forbidden"
    http_status = 403


class RuleFileError(PermanentError):
    """A rule/vocabulary data file is malformed: stops start-up with a clear message."""

    code = "bad_rule_file"
    exit_code = 78  # EX_CONFIG


# --- transient -------------------------------------------------------------------------
class StorageUnavailable(TransientError):
    code = "storage_unavailable"


class BrokerUnavailable(TransientError):
    code = "broker_unavailable"


class OcrTimeout(TransientError):
    code = "ocr_timeout"


class DatabaseUnavailable(TransientError):
    code = "database_unavailable"


def document_state(error: BaseException) -> str:
    """The state a document ends in after `error`: failed for permanent, retry for transient."""
    if isinstance(error, TransientError):
        return "retry"
    return "failed"


def exit_code(error: BaseException) -> int:
    return error.exit_code if isinstance(error, ClaimReadyError) else 1


def http_status(error: BaseException) -> int:
    return error.http_status if isinstance(error, ClaimReadyError) else 500
