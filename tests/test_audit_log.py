"""The audit log in French words: every code the app writes has its phrase (never a raw
code, here or on the admin overview); filters by person, kind and period; paging; the
ward's admins and manager, and the platform admin for every ward; read-only; a fixed
number of queries whatever the number of entries (both engines)."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.admin import journal
from app.core.timefmt import utcnow
from app.extensions import db
from app.models import AuditEntry
from app.records.services import audit
from tests.conftest import count_queries

JOURNAL = "/s/hematologie/admin/journal"
APP = Path(__file__).resolve().parent.parent / "app"


def _codes_written_by_the_app() -> set[str]:
    codes = set()
    for path in APP.rglob("*.py"):
        codes |= set(re.findall(r'audit\(\s*"([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    circuit = (APP / "activities" / "services.py").read_text(encoding="utf-8")
    moves = re.findall(r'_move\(\s*activity,\s*\([^)]*\),\s*"[a-z]+",\s*by,\s*"([a-z_]+)"', circuit)
    assert len(moves) >= 7
    codes |= {f"activity.{name}" for name in moves}
    codes |= {f"sanction.{kind}" for kind in ("warning", "suspension", "exclusion")}
    return codes


def test_every_code_the_app_writes_has_its_french_phrase():
    codes = _codes_written_by_the_app()
    assert len(codes) > 40
    missing = sorted(codes - set(journal.PHRASES))
    assert not missing, f"audit codes without a French phrase in app/admin/journal.py: {missing}"


def test_the_ward_journal_tells_decisions_in_french(make, login_as, people, ward):
    massage = make.activity(ward, name="Massage minute", status="reviewed")
    login_as(people["manager"]).post(f"/s/hematologie/activites/{massage.id}/autoriser", {"reason": ""})
    login_as(people["admin"]).post(
        f"/s/hematologie/admin/membres/{people['thomas'].id}/sanction",
        {"kind": "warning", "reason": "Retards répétés"},
    )
    page = login_as(people["manager"]).get(JOURNAL).get_data(as_text=True)
    assert "a autorisé l&#39;activité «\u00a0Massage minute\u00a0»" in page
    assert "a averti Thomas Roux" in page and "Retards répétés" in page
    assert "Sophie Marchand" in page and "Nadia Benali" in page
    assert "activity.authorised" not in page and "sanction.warning" not in page
    overview = login_as(people["manager"]).get("/s/hematologie/admin/").get_data(as_text=True)
    assert "a autorisé l&#39;activité" in overview and "activity.authorised" not in overview


def test_an_unknown_code_is_never_shown_raw(people, ward):
    audit("brand.new_code", by=people["admin"], ward=ward)
    db.session.commit()
    (line,) = journal.tell(list(db.session.scalars(select(AuditEntry))))
    assert line.phrase == journal.UNKNOWN and "brand" not in line.phrase


def _entries(ward, person, n, action="contact.handled", at=None):
    for i in range(n):
        db.session.add(
            AuditEntry(
                actor_id=person.id, ward_id=ward.id, action=action, at=at or utcnow() - timedelta(seconds=i)
            )
        )
    db.session.commit()


def test_filters_by_person_kind_and_period(login_as, people, ward):
    _entries(ward, people["admin"], 2, "contact.handled")
    _entries(ward, people["manager"], 1, "sanction.warning")
    _entries(ward, people["manager"], 1, "member.removed", at=utcnow() - timedelta(days=40))
    client = login_as(people["manager"])
    mine = client.get(f"{JOURNAL}?personne={people['admin'].id}").get_data(as_text=True)
    assert mine.count("a traité le message") == 2 and "a averti" not in mine
    sanctions = client.get(f"{JOURNAL}?genre=sanctions").get_data(as_text=True)
    assert "a averti" in sanctions and "a traité" not in sanctions
    recent = (utcnow() - timedelta(days=7)).date().isoformat()
    period = client.get(f"{JOURNAL}?du={recent}").get_data(as_text=True)
    assert "a retiré" not in period and "a averti" in period
    backwards = client.get(f"{JOURNAL}?du=2026-05-01&au=2026-04-01")
    assert backwards.status_code == 200 and "après son début" in backwards.get_data(as_text=True)
    odd = client.get(f"{JOURNAL}?personne=abc&genre=%00&du=hier&page=-4")
    assert odd.status_code == 200


def test_paging_and_a_fixed_number_of_queries(login_as, people, ward, make):
    activity = make.activity(ward)
    for _ in range(3):
        audit(
            "activity.referent_appointed",
            by=people["admin"],
            ward=ward,
            target=activity,
            detail={"person": people["thomas"].id},
        )
    db.session.commit()
    client = login_as(people["admin"])
    client.get(JOURNAL)
    with count_queries() as few:
        client.get(JOURNAL)
    for _ in range(40):
        audit(
            "activity.referent_appointed",
            by=people["manager"],
            ward=ward,
            target=activity,
            detail={"person": people["julie"].id},
        )
    db.session.commit()
    with count_queries() as many:
        first = client.get(JOURNAL).get_data(as_text=True)
    assert len(many) == len(few)
    assert first.count("a désigné") == journal.PER_PAGE and "Plus anciennes" in first
    second = client.get(f"{JOURNAL}?page=2").get_data(as_text=True)
    assert second.count("a désigné") == 43 - journal.PER_PAGE and "Plus récentes" in second


@pytest.mark.parametrize("persona", ["thomas", "outsider"])
def test_the_ward_journal_is_for_its_admins_and_manager(login_as, people, persona):
    assert login_as(people[persona]).get(JOURNAL).status_code == 403


def test_the_platform_admin_reads_every_ward(make, login_as, people, ward, other_ward):
    platform = make.person(platform_admin=True)
    _entries(ward, people["admin"], 1, "contact.handled")
    _entries(other_ward, people["outsider"], 1, "sanction.warning")
    client = login_as(platform)
    page = client.get("/plateforme/journal").get_data(as_text=True)
    assert "a traité le message" in page and "a averti" in page and "Oncologie" in page
    only = client.get(f"/plateforme/journal?service={other_ward.id}").get_data(as_text=True)
    assert "a averti" in only and "a traité" not in only
    assert login_as(people["admin"]).get("/plateforme/journal").status_code == 403


def test_the_journal_has_no_writing_route(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("ward_admin.journal_page", "platform.platform_journal"):
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}
