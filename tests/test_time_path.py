"""One time path: Europe/Paris is zoneinfo's zone everywhere, and the two awkward hours of
the year give the UTC documented in `paris_to_utc`, here (where a test dependency installs
pytz) and in a process where pytz cannot be imported, as in production."""

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.core import timefmt
from app.core.timefmt import PARIS, paris_to_utc, to_paris, utc_to_paris_naive
from tests.factories import utc

ROOT = Path(__file__).resolve().parent.parent


def wall(*fields: int) -> datetime:
    """A naive Europe/Paris wall-clock time, as a form hands it to `paris_to_utc`."""
    return datetime(*fields, tzinfo=PARIS).replace(tzinfo=None)


AMBIGUOUS = wall(2026, 10, 25, 2, 30)  # happens twice: summer time, then winter time
MISSING = wall(2026, 3, 29, 2, 30)  # never happens: clocks jump from 02:00 to 03:00

# What the same checks print, computed in whichever process runs them.
PROBE = """
import json
from datetime import datetime
from app.core import timefmt
import icalendar

event = icalendar.Event()
event.add("dtstart", timefmt.to_paris(datetime(2026, 10, 25, 0, 30)))
print(json.dumps({
    "zone": type(timefmt.PARIS).__module__ + "." + type(timefmt.PARIS).__name__,
    "ambiguous": timefmt.paris_to_utc(datetime(2026, 10, 25, 2, 30)).isoformat(),
    "missing": timefmt.paris_to_utc(datetime(2026, 3, 29, 2, 30)).isoformat(),
    "first": timefmt.when_full(datetime(2026, 10, 25, 0, 30)),
    "second": timefmt.when_full(datetime(2026, 10, 25, 1, 30)),
    "after_jump": timefmt.when_full(datetime(2026, 3, 29, 1, 30)),
    "ics": event.to_ical().decode(),
}))
"""


def _probe_here() -> dict:
    namespace: dict = {}
    lines: list[str] = []
    namespace["print"] = lines.append
    exec(PROBE, namespace)  # noqa: S102 (our own fixed probe text)
    return json.loads(lines[0])


def _probe_without_pytz() -> dict:
    code = "import sys\nsys.modules['pytz'] = None  # import pytz now raises ImportError\n" + PROBE
    done = subprocess.run(  # noqa: S603 (this interpreter, our own probe)
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_zone_is_zoneinfo():
    assert isinstance(PARIS, ZoneInfo)
    assert PARIS.key == "Europe/Paris"
    assert not hasattr(PARIS, "localize")  # no pytz branch left to take


def test_ambiguous_hour_is_its_first_occurrence():
    assert paris_to_utc(AMBIGUOUS) == utc(2026, 10, 25, 0, 30)
    # Both UTC instants read 02:30 on the wall clock; the second one is winter time.
    assert utc_to_paris_naive(utc(2026, 10, 25, 0, 30)) == AMBIGUOUS
    assert utc_to_paris_naive(utc(2026, 10, 25, 1, 30)) == AMBIGUOUS
    assert to_paris(utc(2026, 10, 25, 1, 30)).fold == 1


def test_missing_hour_is_shifted_forward():
    assert paris_to_utc(MISSING) == utc(2026, 3, 29, 1, 30)
    assert utc_to_paris_naive(utc(2026, 3, 29, 1, 30)) == wall(2026, 3, 29, 3, 30)


def test_ordinary_hours_either_side_of_the_changes():
    assert paris_to_utc(wall(2026, 10, 25, 1, 30)) == utc(2026, 10, 24, 23, 30)
    assert paris_to_utc(wall(2026, 10, 25, 3, 30)) == utc(2026, 10, 25, 2, 30)
    assert paris_to_utc(wall(2026, 3, 29, 1, 30)) == utc(2026, 3, 29, 0, 30)
    assert paris_to_utc(wall(2026, 3, 29, 3, 30)) == utc(2026, 3, 29, 1, 30)


def test_same_answers_with_and_without_pytz():
    here = _probe_here()
    assert here["zone"] == "zoneinfo.ZoneInfo"
    assert here["ambiguous"] == "2026-10-25T00:30:00"
    assert here["missing"] == "2026-03-29T01:30:00"
    assert here["first"] == here["second"] == "25/10/2026 à 2\u00a0h\u00a030"
    assert here["after_jump"] == "29/03/2026 à 3\u00a0h\u00a030"
    assert "DTSTART;TZID=Europe/Paris:20261025T023000" in here["ics"]
    assert _probe_without_pytz() == here


def test_no_pytz_in_the_app():
    for path in (ROOT / "app").rglob("*.py"):
        text = path.read_text()
        assert "import pytz" not in text, path
        assert "localize(" not in text, path
        assert "get_timezone(" not in text, path
    assert timefmt.PARIS is PARIS
