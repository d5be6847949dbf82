"""ExtractedDocument <-> JSON for the database, lossless (internal `_` fields included), so the
claim evaluation rebuilds exactly the values `verify` would have used."""

from __future__ import annotations

from pydantic import BaseModel

from claimready.models import BBox, DocType, ExtractedDocument, FieldValue, FileKind, SourceFile, frozen_map


class StoredField(BaseModel):
    value: str | int | bool | list[str]
    kind: str  # "str" | "int" | "bool" | "list": keeps int vs bool vs tuple exact
    raw: str
    page: int
    bbox: tuple[float, float, float, float]
    confidence: float
    source: str
    doubtful: str = ""


class StoredDocument(BaseModel):
    name: str
    sha256: str
    size: int
    kind: str
    doc_type: str
    doc_type_confidence: float
    pages: int
    ocr_pages: list[int]
    language: str
    fields: dict[str, StoredField]
    errors: list[str]
    unreadable: bool


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, tuple):
        return "list"
    return "str"


def _field_in(fv: FieldValue) -> StoredField:
    value = list(fv.value) if isinstance(fv.value, tuple) else fv.value
    return StoredField(value=value, kind=_kind(fv.value), raw=fv.raw, page=fv.page,
                       bbox=(fv.bbox.x0, fv.bbox.y0, fv.bbox.x1, fv.bbox.y1), confidence=fv.confidence,
                       source=fv.source, doubtful=fv.doubtful)


def _field_out(sf: StoredField) -> FieldValue:
    value: str | int | bool | tuple[str, ...]
    if sf.kind == "list":
        value = tuple(str(v) for v in sf.value)  # type: ignore[union-attr]
    elif sf.kind == "bool":
        value = bool(sf.value)
    elif sf.kind == "int":
        value = int(sf.value)  # type: ignore[arg-type]
    else:
        value = str(sf.value)
    return FieldValue(value=value, raw=sf.raw, page=sf.page, bbox=BBox(*sf.bbox), confidence=sf.confidence,
                      source="ocr" if sf.source == "ocr" else "text", doubtful=sf.doubtful)


def document_to_json(doc: ExtractedDocument) -> dict:  # type: ignore[type-arg]
    stored = StoredDocument(name=doc.file.name, sha256=doc.file.sha256, size=doc.file.size,
                            kind=doc.file.kind.value, doc_type=doc.doc_type.value,
                            doc_type_confidence=doc.doc_type_confidence, pages=doc.pages,
                            ocr_pages=list(doc.ocr_pages), language=doc.language,
                            fields={k: _field_in(v) for k, v in doc.fields.items()}, errors=list(doc.errors),
                            unreadable=doc.unreadable)
    return stored.model_dump(mode="json")


def document_from_json(data: dict, name: str | None = None, path: str = "") -> ExtractedDocument:  # type: ignore[type-arg]
    """Rebuild the document; `name` renames it (a duplicate upload keeps its own file name)."""
    stored = StoredDocument.model_validate(data)
    file = SourceFile(name=name or stored.name, path=path, sha256=stored.sha256, size=stored.size,
                      kind=FileKind(stored.kind))
    return ExtractedDocument(file=file, doc_type=DocType(stored.doc_type),
                             doc_type_confidence=stored.doc_type_confidence, pages=stored.pages,
                             ocr_pages=tuple(stored.ocr_pages), language=stored.language,
                             fields=frozen_map({k: _field_out(v) for k, v in stored.fields.items()}),
                             errors=tuple(stored.errors), unreadable=stored.unreadable)
