"""Partial dates: parsing, what readers see, machine values and deterministic order."""

from __future__ import annotations

import pytest

from factcheck.model.dates import DateSpan, DateSyntaxError, PartialDate


@pytest.mark.parametrize("text, iso, human", [
    ("2021", "2021", "2021"),
    ("2021-03", "2021-03", "March 2021"),
    ("2021-03~", "2021-03", "March 2021, approximate"),
    ("2021-04-02", "2021-04-02", "2 April 2021"),
    ("2021-04-02?", "2021-04-02", "2 April 2021, uncertain"),
    ("2020-02-29", "2020-02-29", "29 February 2020"),
])
def test_parse_and_show(text, iso, human):
    date = PartialDate.parse(text)
    assert (date.iso, date.human(), str(date)) == (iso, human, text)


@pytest.mark.parametrize("text, why", [
    ("2021-13", "month 13"), ("2021-02-29", "February 2021 does not have"),
    ("21-04-02", "not a date"), ("2021-4-2", "not a date"), ("April 2021", "not a date"),
    ("2021-04-02~?", "not a date"), ("", "not a date"),
])
def test_bad_dates_say_why(text, why):
    with pytest.raises(DateSyntaxError, match=why):
        PartialDate.parse(text)


def test_mixed_precision_sorts_by_earliest_day_then_precision():
    texts = ["2021-04-02", "2021", "2021-03~", "2021-03-31", "2021-03", "2020-11-10"]
    ordered = sorted(texts, key=lambda t: PartialDate.parse(t).sort_key)
    assert ordered == ["2020-11-10", "2021", "2021-03", "2021-03~", "2021-03-31", "2021-04-02"]


def test_ranges():
    war = DateSpan.parse("2020-09-27/2020-11-10")
    assert war.human() == "27 September 2020 to 10 November 2020"
    assert war.sort_key == PartialDate.parse("2020-09-27").sort_key
    with pytest.raises(DateSyntaxError, match="ends before it starts"):
        DateSpan.parse("2020-11-10/2020-09-27")
    assert DateSpan.parse("2021-03/2021-03-15").end.day == 15  # overlapping ends are fine
