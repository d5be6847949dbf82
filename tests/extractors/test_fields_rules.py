from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimready.errors import RuleFileError
from claimready.models import DocType
from claimready.rules import BUNDLED, load_rules


def _copy_rules(tmp_path: Path) -> Path:
    for name in ("doc_types.yaml", "fields.yaml", "vocab.yaml"):
        shutil.copy(BUNDLED / name, tmp_path / name)
    return tmp_path


def _rules_with(tmp_path: Path, name: str, old: str, new: str, count: int = -1) -> Path:
    """The bundled rules copied into `tmp_path`, with one edit made to the file `name`."""
    folder = _copy_rules(tmp_path)
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    (folder / name).write_text(text.replace(old, new, count), encoding="utf-8")
    return folder


def test_fields_rules_bundled_files_load_every_type() -> None:
    rules = load_rules()
    assert set(rules.documents) == {t for t in DocType if t != DocType.OTHER}
    assert "发票号码" in rules.label_sets["invoice_number"].labels
    assert rules.vocab.currency_symbols["US$"] == "USD"


def test_fields_rules_override_dir_replaces_one_file(tmp_path: Path) -> None:
    (tmp_path / "vocab.yaml").write_text((BUNDLED / "vocab.yaml").read_text(encoding="utf-8").replace(
        "jpy_evidence: [", "jpy_evidence: [YEN-MARK, "), encoding="utf-8")
    rules = load_rules(tmp_path)
    assert "YEN-MARK" in rules.vocab.jpy_evidence
    assert rules.label_sets == load_rules().label_sets  # the other files come from the bundle


def test_fields_rules_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    folder = _rules_with(tmp_path, "fields.yaml", "    kind: reference\n", "    kind: reference\n    colour: red\n", 1)
    with pytest.raises(RuleFileError, match=r"fields\.yaml: key 'label_sets\.invoice_number\.colour'"):
        load_rules(folder)


def test_fields_rules_bad_kind_is_refused(tmp_path: Path) -> None:
    folder = _rules_with(tmp_path, "fields.yaml", "kind: reference", "kind: banana", 1)
    with pytest.raises(RuleFileError, match=r"fields\.yaml: key 'label_sets\.invoice_number\.kind'"):
        load_rules(folder)


def test_fields_rules_unknown_label_set_reference(tmp_path: Path) -> None:
    folder = _rules_with(tmp_path, "fields.yaml", "bl_number: [bl_number]", "bl_number: [bl_nmuber]")
    with pytest.raises(RuleFileError, match=r"documents\.bill_of_lading\.bl_number.*bl_nmuber"):
        load_rules(folder)


def test_fields_rules_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    folder = _copy_rules(tmp_path)
    (folder / "doc_types.yaml").write_text("doc_types:\n  invoice: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"doc_types\.yaml: not valid YAML at line \d+"):
        load_rules(folder)


def test_fields_rules_currency_must_be_iso(tmp_path: Path) -> None:
    folder = _rules_with(tmp_path, "vocab.yaml", "  US$: USD", "  US$: dollars")
    with pytest.raises(RuleFileError, match=r"vocab\.yaml: key 'currency_symbols'"):
        load_rules(folder)


def test_fields_rules_misread_symbol_must_be_a_currency_symbol(tmp_path: Path) -> None:
    folder = _rules_with(tmp_path, "vocab.yaml", '"Y": "¥"', '"Y": "YY"')
    with pytest.raises(RuleFileError, match=r"vocab\.yaml.*symbols_misread.*YY"):
        load_rules(folder)


def test_fields_rules_misread_ending_must_be_a_legal_form(tmp_path: Path) -> None:
    folder = _rules_with(tmp_path, "vocab.yaml", '"A.9.": "A.Ş."', '"A.9.": "A.Q."')
    with pytest.raises(RuleFileError, match=r"vocab\.yaml.*party_name_endings_misread.*A\.Q\."):
        load_rules(folder)


def test_fields_rules_unknown_doc_type(tmp_path: Path) -> None:
    folder = _rules_with(tmp_path, "doc_types.yaml", "  dunning_letter:", "  dunning_leter:")
    with pytest.raises(RuleFileError, match=r"doc_types\.yaml: key 'doc_types\.dunning_leter"):
        load_rules(folder)


def test_fields_rules_missing_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="does not exist"):
        load_rules(tmp_path / "nope")
