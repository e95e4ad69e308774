"""The sandbox's read engine: every filter operator, sorting, paging and data projection."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from playground.sandbox.fields import FieldDef, Value
from playground.sandbox.outcome import ApiError
from playground.sandbox.paging import parse_paging, read_paging
from playground.sandbox.query import MAX_SORT_KEYS, parse_data, parse_filter, parse_sort, run

FIELDS: Mapping[str, FieldDef] = {
    "Id": FieldDef("Id", "integer", "Nr", "No."),
    "ort": FieldDef("ort", "varchar", "Ort", "City", length=80),
    "plz": FieldDef("plz", "varchar", "PLZ", "Postcode", length=10),
    "kaufpreis": FieldDef("kaufpreis", "float", "Kaufpreis", "Price"),
    "status": FieldDef("status", "singleselect", "Status", "Status",
                       permitted={"0": ("a", "a"), "1": ("b", "b"), "2": ("c", "c")}),
    "geaendert_am": FieldDef("geaendert_am", "datetime", "Geändert", "Changed"),
    "heizungsart": FieldDef("heizungsart", "multiselect", "Heizungsart", "Heating"),
}  # fmt: skip

ROWS: list[tuple[int, str, str, float, str, str]] = [
    (1, "Köln", "50667", 250000.0, "1", "2023-01-05 10:00:00"),
    (2, "Aachen", "52068", 99000.0, "0", "2023-06-30 23:59:59"),
    (3, "München", "80331", 1250000.0, "1", "2024-02-01 08:30:00"),
    (4, "Dresden", "01067", 0.0, "2", "2022-12-31 23:59:59"),
    (5, "köln", "51149", 400000.0, "1", "2024-07-01 00:00:00"),
    (6, "Mainz", "55116", 250000.0, "2", "2023-03-15 12:00:00"),
    (7, "Berlin_Mitte", "10115", 520000.0, "1", "2025-01-01 00:00:00"),
]
RECORDS: list[dict[str, Value]] = [
    dict(zip(("Id", "ort", "plz", "kaufpreis", "status", "geaendert_am"), row, strict=True))
    for row in ROWS
]


def ids(filter_: object) -> list[int]:
    """The ids matching ``filter_`` in id order."""
    total, page = run(RECORDS, parse_filter(filter_, FIELDS), [], 500, 0)
    assert total == len(page)
    return [int(record["Id"]) for record in page]


def clause(field: str, op: str, val: object) -> dict[str, Any]:
    """A filter with one clause."""
    return {field: [{"op": op, "val": val}]}


@pytest.mark.parametrize(
    ("field", "op", "val", "expected"),
    [
        ("ort", "=", "Aachen", [2]),
        ("ort", "is", "aachen", [2]),  # string comparisons ignore case
        ("ort", "=", "Köln", [1, 5]),
        ("ort", "!=", "Köln", [2, 3, 4, 6, 7]),
        ("ort", "<>", "Köln", [2, 3, 4, 6, 7]),
        ("kaufpreis", "<", 250000, [2, 4]),
        ("kaufpreis", ">", 250000, [3, 5, 7]),
        ("kaufpreis", "<=", 250000, [1, 2, 4, 6]),
        ("kaufpreis", ">=", "250000", [1, 3, 5, 6, 7]),  # a numeric string on a float field
        ("kaufpreis", "between", [99000, 400000], [1, 2, 5, 6]),
        ("kaufpreis", "BETWEEN", [400000, 99000], []),  # low above high matches nothing
        ("geaendert_am", "between", ["2023-01-01", "2023-12-31 23:59:59"], [1, 2, 6]),
        ("geaendert_am", ">=", "2024-07-01 00:00:00", [5, 7]),
        ("ort", "like", "M%", [3, 6]),
        ("ort", "LIKE", "%KÖLN", [1, 5]),
        ("ort", "like", "Berlin_Mitte", [7]),
        ("ort", "like", "_ainz", [6]),  # _ is exactly one character
        ("ort", "like", "Berlin", []),  # like without a wildcard is an exact match
        ("kaufpreis", "like", "25%", [1, 6]),  # like sees the rendered "250000.00"
        ("ort", "not like", "%n", [6, 7]),
        ("ort", "NOT LIKE", "%", []),
        ("ort", "in", ["Aachen", "Mainz"], [2, 6]),
        ("ort", "IN", ["aachen"], [2]),
        ("ort", "not in", ["Köln", "Aachen"], [3, 4, 6, 7]),
        ("ort", "Not In", ["Köln"], [2, 3, 4, 6, 7]),
        ("ort", "in", [], []),
        ("ort", "not in", [], [1, 2, 3, 4, 5, 6, 7]),
        ("status", "=", 1, [1, 3, 5, 7]),  # a JSON number compares numerically with "1"
        ("status", "in", [0, 2], [2, 4, 6]),
        ("status", ">", 0, [1, 3, 4, 5, 6, 7]),
        ("plz", "=", 1067, [4]),  # number against "01067": numeric
        ("plz", "=", "1067", []),  # string against "01067": not equal as text
        ("plz", "<", "5", [4, 7]),  # strings compare as strings
        ("ort", "=", None, []),  # null is the empty string
    ],
)
def test_each_operator_selects_exactly_the_matching_records(
    field: str, op: str, val: object, expected: list[int]
) -> None:
    """Every operator, its aliases and spellings select the records SQL would."""
    assert ids(clause(field, op, val)) == expected


def test_clauses_on_one_field_and_across_fields_are_anded() -> None:
    """Two clauses on kaufpreis and one on status must all hold."""
    filter_ = {
        "kaufpreis": [{"op": ">=", "val": 99000}, {"op": "<", "val": 500000}],
        "status": [{"op": "=", "val": "1"}],
    }
    assert ids(filter_) == [1, 5]


def test_a_single_clause_object_and_an_empty_filter_are_accepted() -> None:
    """{field: {op, val}} works like a one-item list; [] (PHP's empty array) is no filter."""
    assert ids({"ort": {"op": "=", "val": "Mainz"}}) == [6]
    assert ids([]) == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize(
    ("filter_", "code"),
    [
        (clause("Ort", "=", "Köln"), 141),  # field names are case-sensitive
        (clause("ort", "~", "Köln"), 142),
        (clause("ort", "equals", "Köln"), 142),
        ({"ort": [{"op": 5, "val": "Köln"}]}, 142),
        (clause("kaufpreis", "between", 5), 257),
        (clause("kaufpreis", "between", [1, 2, 3]), 257),
        (clause("kaufpreis", "=", "cheap"), 257),
        (clause("ort", "=", ["Köln"]), 257),
        (clause("ort", "in", [["Köln"]]), 257),
        (clause("ort", "like", ["K%"]), 257),
        (clause("ort", "like", "%" * 1001), 257),  # longer than any pattern needs
        ({"ort": [{"op": "="}]}, 257),
        ({"ort": []}, 257),
        ({"ort": "Köln"}, 257),
        ("ort = Köln", 257),
    ],
)
def test_bad_filters_get_the_documented_codes(filter_: object, code: int) -> None:
    """Unknown field 141, unknown operator 142, malformed filter 257."""
    with pytest.raises(ApiError) as raised:
        parse_filter(filter_, FIELDS)
    assert raised.value.code == code
    assert "%s" not in raised.value.message


# Section 3.1 of the shared API notes: multiselect fields support only =, !=, like,
# not like, in and not in (LAR error 232); is and <> are spellings of = and !=.
@pytest.mark.parametrize(
    ("op", "val", "allowed"),
    [("=", "zentral", True), ("is", "zentral", True), ("!=", "zentral", True),
     ("<>", "zentral", True), ("like", "zen%", True), ("NOT LIKE", "zen%", True),
     ("in", ["zentral"], True), ("not in", ["ofen"], True), (">", "a", False),
     ("<", "a", False), (">=", "a", False), ("<=", "a", False),
     ("BETWEEN", ["a", "z"], False)],
)  # fmt: skip
def test_multiselect_fields_take_only_their_six_operators(
    op: str, val: object, allowed: bool
) -> None:
    """Any other operator on a multiselect field is 232, with onOffice's message."""
    if allowed:
        assert len(parse_filter(clause("heizungsart", op, val), FIELDS)) == 1
        return
    with pytest.raises(ApiError) as raised:
        parse_filter(clause("heizungsart", op, val), FIELDS)
    assert raised.value.code == 232
    assert raised.value.message.startswith("Multiselect fields can only be filtered with =")


def test_unknown_operator_message_names_the_operator() -> None:
    """The message of 142 carries the operator as sent."""
    with pytest.raises(ApiError, match="Unknown operator: ~="):
        parse_filter(clause("ort", "~=", "x"), FIELDS)


def sorted_ids(sortby: object, sortorder: object = None) -> list[int]:
    """All ids in the order the engine sorts them."""
    _, page = run(RECORDS, [], parse_sort(sortby, sortorder, FIELDS), 500, 0)
    return [int(record["Id"]) for record in page]


def test_sortby_object_with_several_keys_and_mixed_directions() -> None:
    """Price descending, ties broken by the city ascending, then by id."""
    assert sorted_ids({"kaufpreis": "DESC", "ort": "ASC"}) == [3, 7, 5, 1, 6, 2, 4]


def test_sortby_string_with_sortorder() -> None:
    """A field name plus sortorder; strings sort case-insensitively, ties keep id order."""
    assert sorted_ids("ort", "DESC") == [3, 6, 1, 5, 4, 7, 2]
    assert sorted_ids("ort") == [2, 7, 4, 1, 5, 6, 3]
    assert sorted_ids("kaufpreis", "asc") == [4, 2, 1, 6, 5, 7, 3]


def test_no_sortby_keeps_id_order() -> None:
    """Without sortby the records come in id order."""
    assert sorted_ids(None) == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize(
    ("sortby", "sortorder", "code"),
    [
        ({"preis": "ASC"}, None, 212),
        ("preis", "ASC", 212),
        ({"ort": "UP"}, None, 255),
        ("ort", "sideways", 255),
        (5, None, 255),
    ],
)
def test_bad_sort_gets_the_documented_codes(sortby: object, sortorder: object, code: int) -> None:
    """Unknown sort field 212; a bad direction or shape 255."""
    with pytest.raises(ApiError) as raised:
        parse_sort(sortby, sortorder, FIELDS)
    assert raised.value.code == code


@pytest.mark.parametrize(
    ("listlimit", "listoffset", "expected"),
    [
        (None, None, (20, 0)),
        (5, 2, (5, 2)),
        ("7", "3", (7, 3)),
        (500, 0, (500, 0)),
        (501, 0, (20, 0)),
        (1000, 40, (20, 40)),
        (0, 0, (0, 0)),
    ],
)
def test_paging_parameters(
    listlimit: object, listoffset: object, expected: tuple[int, int]
) -> None:
    """Default 20, at most 500 (above that, the default again, as onOffice does)."""
    assert parse_paging(listlimit, listoffset) == expected


@pytest.mark.parametrize(("listlimit", "listoffset"), [(-1, 0), (5, -2), ("many", 0), (True, 0)])
def test_bad_paging_parameters_get_255(listlimit: object, listoffset: object) -> None:
    """A negative or non-numeric listlimit or listoffset is an invalid parameter value."""
    with pytest.raises(ApiError) as raised:
        parse_paging(listlimit, listoffset)
    assert raised.value.code == 255


# "²" and "١٢" are digits to str.isdigit() ("²" made int() raise, an error 1 "Unknown
# error" instead of 255), and int() refuses a string of over 4300 digits.
@pytest.mark.parametrize("odd", ["²", "١٢", "1²"])
def test_digits_other_than_ascii_get_255(odd: str) -> None:
    """Only ASCII digits make a count; others are an invalid value, for log 256."""
    for listlimit, listoffset in ((odd, None), (None, odd)):
        with pytest.raises(ApiError) as raised:
            parse_paging(listlimit, listoffset)
        assert raised.value.code == 255
    with pytest.raises(ApiError) as raised:
        read_paging("log", {"listlimit": odd})
    assert raised.value.code == 256


def test_a_digit_string_beyond_64_bits_counts_as_the_largest_integer() -> None:
    """As PHP's (int) saturates it: above 500 for listlimit (so 20), an empty page's offset."""
    huge = "9" * 5000
    assert parse_paging(huge, huge) == (20, 2**63 - 1)
    assert parse_paging("0" * 30 + "7", "9223372036854775808") == (7, 2**63 - 1)
    assert read_paging("log", {"listlimit": huge, "listOffset": huge}) == (20, 2**63 - 1)


def test_pages_partition_the_sorted_matches() -> None:
    """Consecutive pages add up to the total without overlap, in sort order."""
    clauses = parse_filter(clause("kaufpreis", ">", 0), FIELDS)
    sort = parse_sort({"kaufpreis": "ASC"}, None, FIELDS)
    seen: list[int] = []
    for offset in range(0, 10, 4):
        total, page = run(RECORDS, clauses, sort, 4, offset)
        assert total == 6
        seen.extend(int(r["Id"]) for r in page)
    assert seen == [2, 1, 6, 5, 7, 3]


def test_data_projection_defaults_dedupes_and_rejects_unknown_fields() -> None:
    """data names fields; none means the default set; unknown names get the given code."""
    default = ["Id", "ort"]
    assert parse_data(None, FIELDS, unknown_code=143, default=default) == default
    assert parse_data([], FIELDS, unknown_code=143, default=default) == default
    assert parse_data(["ort", "Id", "ort"], FIELDS, unknown_code=143, default=default) == [
        "ort",
        "Id",
    ]
    with pytest.raises(ApiError, match="Unknown field in estate data: preis") as raised:
        parse_data(["ort", "preis"], FIELDS, unknown_code=143, default=default)
    assert raised.value.code == 143
    with pytest.raises(ApiError) as raised:
        parse_data("ort", FIELDS, unknown_code=143, default=default)
    assert raised.value.code == 255


def test_more_sort_fields_than_a_list_needs_are_refused() -> None:
    # Each key sorts every matching record: 270,000 of them in one request took 21 s.
    five = {name: "ASC" for name in list(FIELDS)[:MAX_SORT_KEYS]}
    assert len(parse_sort(five, None, FIELDS)) == MAX_SORT_KEYS
    for sortby in (["Id"] * (MAX_SORT_KEYS + 1), {**five, "extra": "DESC"}):
        with pytest.raises(ApiError) as refused:
            parse_sort(sortby, None, {**FIELDS, "extra": FIELDS["Id"]})
        assert refused.value.code == 255
        assert f"at most {MAX_SORT_KEYS} sort fields" in refused.value.message
