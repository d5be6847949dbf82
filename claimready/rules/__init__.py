"""Rule files: label vocabularies, document-type keywords, value vocabularies. Data, not code.

Three YAML files, bundled here and overridable one by one from `settings.rules_dir`:

- `doc_types.yaml`: per document type, title phrases and body keywords (EN + ZH) with weights,
  and `excludes` (titles of look-alike documents that are not this type);
- `fields.yaml`: label sets (synonyms of one label, EN + ZH, and the kind of value it
  introduces) and, per document type, which label sets give which SPEC field;
- `vocab.yaml`: currency symbols, payment-term bases, words that end a party name, prose cues.

Each file is validated strictly on load (pydantic, unknown keys refused); a malformed file
raises `RuleFileError` naming the file and the key. `legal_forms.yaml` belongs to the
validators and is not read here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Mapping, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from claimready.errors import RuleFileError
from claimready.models import DocType

BUNDLED = Path(__file__).parent
T = TypeVar("T")

ValueKind = Literal["date", "amount", "currency", "reference", "references", "party", "terms",
                    "text", "port", "country", "bool"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PhraseIn(_Strict):
    text: str = Field(min_length=1)
    weight: float = Field(gt=0)


class DocTypeIn(_Strict):
    titles: list[str | PhraseIn] = []
    keywords: list[str | PhraseIn] = []
    excludes: list[str] = []


class DocTypesFile(_Strict):
    title_weight: float = Field(default=10.0, gt=0)
    keyword_weight: float = Field(default=2.0, gt=0)
    doc_types: dict[DocType, DocTypeIn]


class LabelSetIn(_Strict):
    kind: ValueKind
    labels: list[str] = Field(min_length=1)

    @field_validator("labels")
    @classmethod
    def _no_blank(cls, labels: list[str]) -> list[str]:
        if any(not label.strip() for label in labels):
            raise ValueError("a label is blank")
        return labels


class FieldsFile(_Strict):
    label_sets: dict[str, LabelSetIn]
    documents: dict[DocType, dict[str, list[str]]]


class VocabFile(_Strict):
    currency_symbols: dict[str, str]
    jpy_evidence: list[str] = []
    symbols_after_only: list[str] = []
    symbols_misread: dict[str, str] = {}
    term_basis: dict[Literal["shipment", "delivery"], list[str]]
    party_name_endings: list[str]
    party_name_endings_misread: dict[str, str] = {}
    party_stop_words: list[str] = []
    party_name_particles: list[str] = []
    excluded_date_context: dict[str, list[str]] = {}
    prose: dict[str, list[str]] = {}
    countries_extra: dict[str, str] = {}

    @field_validator("currency_symbols")
    @classmethod
    def _iso_codes(cls, symbols: dict[str, str]) -> dict[str, str]:
        bad = [v for v in symbols.values() if not (len(v) == 3 and v.isalpha() and v.isupper())]
        if bad:
            raise ValueError(f"not ISO 4217 codes: {bad}")
        return symbols

    @model_validator(mode="after")
    def _misread_symbols_are_symbols(self) -> "VocabFile":
        unknown = [v for v in self.symbols_misread.values() if v not in self.currency_symbols]
        if unknown:
            raise ValueError(f"symbols_misread names symbols currency_symbols lacks: {unknown}")
        unknown = [v for v in self.party_name_endings_misread.values() if v not in self.party_name_endings]
        if unknown:
            raise ValueError(f"party_name_endings_misread names endings party_name_endings lacks: {unknown}")
        return self


# --- what the stages use (frozen) --------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    weight: float


@dataclass(frozen=True, slots=True)
class DocTypeRules:
    titles: tuple[Phrase, ...]
    keywords: tuple[Phrase, ...]
    excludes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LabelSet:
    name: str
    kind: str
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vocab:
    currency_symbols: Mapping[str, str]
    jpy_evidence: tuple[str, ...]
    symbols_after_only: tuple[str, ...]
    term_basis: Mapping[str, tuple[str, ...]]
    party_name_endings: tuple[str, ...]
    party_stop_words: tuple[str, ...]
    excluded_date_context: Mapping[str, tuple[str, ...]]
    prose: Mapping[str, tuple[str, ...]]
    countries_extra: Mapping[str, str]
    party_name_particles: frozenset[str] = frozenset()
    symbols_misread: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    party_name_endings_misread: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Rules:
    source: Path
    doc_types: Mapping[DocType, DocTypeRules]
    label_sets: Mapping[str, LabelSet]
    documents: Mapping[DocType, Mapping[str, tuple[str, ...]]]
    vocab: Vocab
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def cached(self, key: str, build: Callable[[], T]) -> T:
        """Compiled matchers (regexes, spaCy pipelines) built once per Rules, on first use."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]  # type: ignore[return-value]

    def prose_cue(self, key: str) -> Cue:
        """The cue list `key` of vocab.yaml `prose:` as one case-insensitive regex, longest cue
        first; a list that is absent matches nothing."""
        return self.cached(f"cue:{key}", lambda: Cue(re.compile(
            "|".join(f"(?:{c})" for c in sorted(self.vocab.prose.get(key, ()), key=len, reverse=True)) or "(?!)",
            re.IGNORECASE | re.MULTILINE)))


_LATIN_WITH_ACCENTS = (range(0xC0, 0x250), range(0x1E00, 0x1F00))  # Latin-1 to Extended-B; Extended Additional ('ọ')


# letters with a stroke have no decomposition, and OCR reads a speck across a letter as one ('our cłient', 'Fitħ')
_STROKED = {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
            "ƀ": "b", "ı": "i"}


def _accent_table() -> dict[int, str]:
    table = {ord(letter): base for letter, base in _STROKED.items()}
    for code in (c for block in _LATIN_WITH_ACCENTS for c in block):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base.isalpha():
            table[code] = base
    return table


_ACCENTS_FOLDED = _accent_table()


def fold_accents(text: str) -> str:
    """Latin letters without their accents, one character for one (offsets stay the text's)."""
    return text.translate(_ACCENTS_FOLDED)


@dataclass(frozen=True, slots=True)
class Cue:
    """A prose cue list's regex, matched on the text with Latin accents folded: OCR reads specks
    as accents ('our cliènt', 'We aċt for'), and a cue is a few plain words. Matches carry the
    text's offsets; their groups are of the folded text."""

    pattern: re.Pattern[str]

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.search(fold_accents(text), pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.match(fold_accents(text), pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(fold_accents(text))

    def findall(self, text: str) -> list[str]:
        return self.pattern.findall(fold_accents(text))


# --- loading -----------------------------------------------------------------------------------
def _path(name: str, rules_dir: Path | None) -> Path:
    if rules_dir is not None and (rules_dir / name).is_file():
        return rules_dir / name
    return BUNDLED / name


def _read(path: Path, model: type[BaseModel]) -> BaseModel:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleFileError(f"{path.name}: cannot read the rule file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise RuleFileError(f"{path.name}: not valid YAML{where} ({getattr(exc, 'problem', None) or exc})") from None
    if not isinstance(data, dict):
        raise RuleFileError(f"{path.name}: the file must hold a mapping at the top level")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(part) for part in err["loc"])
        raise RuleFileError(f"{path.name}: key '{key}': {err['msg']}") from None


def _phrases(items: list[str | PhraseIn], default: float) -> tuple[Phrase, ...]:
    return tuple(Phrase(i, default) if isinstance(i, str) else Phrase(i.text, i.weight) for i in items)


def _check_references(fields: FieldsFile, path: Path) -> None:
    for doc_type, mapping in fields.documents.items():
        for name, sets in mapping.items():
            for set_name in sets:
                if set_name not in fields.label_sets:
                    raise RuleFileError(f"{path.name}: key 'documents.{doc_type.value}.{name}': "
                                        f"unknown label set '{set_name}'")


def load_rules(rules_dir: Path | None = None) -> Rules:
    """Load and validate every rule file; a malformed one raises RuleFileError naming the file."""
    if rules_dir is not None and not rules_dir.is_dir():
        raise RuleFileError(f"{rules_dir}: the rules directory does not exist")
    types_path, fields_path, vocab_path = (_path(n, rules_dir) for n in ("doc_types.yaml", "fields.yaml", "vocab.yaml"))
    types_in = _read(types_path, DocTypesFile)
    fields_in = _read(fields_path, FieldsFile)
    vocab_in = _read(vocab_path, VocabFile)
    assert isinstance(types_in, DocTypesFile) and isinstance(fields_in, FieldsFile) and isinstance(vocab_in, VocabFile)
    _check_references(fields_in, fields_path)
    doc_types = {t: DocTypeRules(_phrases(d.titles, types_in.title_weight), _phrases(d.keywords, types_in.keyword_weight),
                                 tuple(d.excludes)) for t, d in types_in.doc_types.items()}
    label_sets = {name: LabelSet(name, s.kind, tuple(s.labels)) for name, s in fields_in.label_sets.items()}
    documents = {t: MappingProxyType({f: tuple(sets) for f, sets in m.items()}) for t, m in fields_in.documents.items()}
    v = vocab_in
    vocab = Vocab(
        currency_symbols=MappingProxyType(dict(v.currency_symbols)), jpy_evidence=tuple(v.jpy_evidence),
        symbols_after_only=tuple(v.symbols_after_only), symbols_misread=MappingProxyType(dict(v.symbols_misread)),
        term_basis=MappingProxyType({k: tuple(w.lower() for w in ws) for k, ws in v.term_basis.items()}),
        party_name_endings=tuple(v.party_name_endings), party_stop_words=tuple(v.party_stop_words),
        excluded_date_context=MappingProxyType({k: tuple(w.lower() for w in ws) for k, ws in v.excluded_date_context.items()}),
        prose=MappingProxyType({k: tuple(ws) for k, ws in v.prose.items()}),
        countries_extra=MappingProxyType(dict(v.countries_extra)),
        party_name_particles=frozenset(w.lower() for w in v.party_name_particles),
        party_name_endings_misread=MappingProxyType(dict(v.party_name_endings_misread)))
    return Rules(source=rules_dir or BUNDLED, doc_types=MappingProxyType(doc_types),
                 label_sets=MappingProxyType(label_sets), documents=MappingProxyType(documents), vocab=vocab)
