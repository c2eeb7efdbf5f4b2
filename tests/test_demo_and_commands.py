"""Demo data, and the `flask` commands for the first platform admin, log purge and backup."""

import sqlite3
from datetime import timedelta

from sqlalchemy import func, select

from app.core.timefmt import utcnow
from app.demo import DEMO_ACCOUNTS, seed_demo
from app.extensions import db
from app.models import LoginEvent, Membership, Person, Ward


def _counts():
    return (
        db.session.scalar(select(func.count(Person.id))),
        db.session.scalar(select(func.count(Membership.id))),
        db.session.scalar(select(func.count(Ward.id))),
    )


def test_demo_data_is_idempotent_with_the_expected_people():
    seed_demo()
    db.session.commit()
    first = _counts()
    seed_demo()
    db.session.commit()
    assert _counts() == first
    hema = db.session.scalar(select(Ward).where(Ward.slug == "hematologie"))
    members = db.session.scalar(select(func.count(Membership.id)).where(Membership.ward_id == hema.id))
    assert members == 46
    roles = dict(
        db.session.execute(
            select(Person.matricule, Membership.role)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.ward_id == hema.id, Person.matricule.in_(["900001", "900002", "900003", "900004"])
            )
        ).all()
    )
    assert roles == {"900001": "manager", "900002": "admin", "900003": "member", "900004": "member"}
    karim = db.session.scalar(select(Person).where(Person.matricule == "900005"))
    assert [m.ward.slug for m in karim.memberships] == ["oncologie"]
    assert db.session.scalar(select(Person.is_platform_admin).where(Person.matricule == "900000"))
    assert len(DEMO_ACCOUNTS) == 6


def test_demo_accounts_log_in(client):
    seed_demo()
    db.session.commit()
    response = client.post("/connexion", {"matricule": "900003", "password": "Bienveillance-2026"})
    assert response.status_code == 303


def test_create_admin_must_change_password(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "--matricule", "800001", "--first-name", "Ana", "--last-name", "Lopez"]
    )
    assert result.exit_code == 0, result.output
    person = db.session.scalar(select(Person).where(Person.matricule == "800001"))
    assert person.is_platform_admin
    assert person.must_change_password
    again = runner.invoke(
        args=["create-admin", "--matricule", "800001", "--first-name", "A", "--last-name", "B"]
    )
    assert again.exit_code != 0


def test_purge_logins_keeps_recent_history(app, make):
    make.login_event("1", "success", at=utcnow() - timedelta(days=400))
    make.login_event("1", "success", at=utcnow() - timedelta(days=10))
    result = app.test_cli_runner().invoke(args=["purge-logins"])
    assert result.exit_code == 0
    assert "1 entrée" in result.output
    assert db.session.scalar(select(func.count(LoginEvent.id))) == 1


def test_backup_makes_a_consistent_copy_that_restores(app, make, tmp_path):
    make.person(ward=make.ward(), matricule="777777")
    target = tmp_path / "copie.sqlite"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    if db.engine.dialect.name == "sqlite":
        assert result.exit_code == 0, result.output
        with sqlite3.connect(target) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert copy.execute("SELECT matricule FROM person").fetchall() == [("777777",)]
    else:
        assert result.exit_code != 0
        assert "mariadb-dump --single-transaction" in result.output
