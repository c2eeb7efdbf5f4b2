"""`flask` commands: demo data, first platform admin, nightly purges, mail, backup."""

import secrets
import sqlite3
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from app.auth.passwords import hash_password, password_problems
from app.auth.services import normalise_matricule, purge_login_events
from app.core.timefmt import PARIS
from app.demo import seed_demo
from app.extensions import db
from app.models import Person
from app.notifications import digest, reminders
from app.notifications.mail import send_due
from app.notifications.services import mail_enabled, purge
from app.records.services import audit


def register_commands(app: Flask) -> None:
    _setup_commands(app)
    _purge_commands(app)
    _mail_commands(app)
    _backup_command(app)


def _setup_commands(app: Flask) -> None:
    """Demo data, the first platform admin, a password reset by IT support."""

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Only when the database has nobody yet.")
    def seed_demo_command(if_empty: bool):
        """Load the demo data (idempotent)."""
        if if_empty and db.session.scalar(select(func.count(Person.id))):
            click.echo("Des données existent déjà : rien à charger.")
            return
        seed_demo()
        db.session.commit()
        click.echo("Données de démonstration chargées.")

    @app.cli.command("create-admin")
    @click.option("--matricule", required=True)
    @click.option("--first-name", required=True)
    @click.option("--last-name", required=True)
    def create_admin(matricule: str, first_name: str, last_name: str):
        """Create the first platform admin with a one-time password to change at first log-in."""
        matricule = normalise_matricule(matricule)
        if db.session.scalar(select(Person.id).where(Person.matricule == matricule)):
            raise click.ClickException(f"Le matricule {matricule} a déjà un compte.")
        initial = secrets.token_urlsafe(12)
        person = Person(
            matricule=matricule,
            first_name=first_name,
            last_name=last_name,
            job="autre",
            status="active",
            is_platform_admin=True,
            must_change_password=True,
            password_hash=hash_password(initial),
        )
        db.session.add(person)
        db.session.flush()
        audit("platform_admin.created", by=None, target=person)
        db.session.commit()
        click.echo(f"Administrateur de plateforme {matricule} créé.")
        click.echo(f"Mot de passe provisoire (à changer à la première connexion) : {initial}")

    @app.cli.command("set-password")
    @click.option("--matricule", required=True)
    @click.password_option()
    def set_password(matricule: str, password: str):
        """Reset someone's password (IT support); they must change it at next log-in."""
        person = db.session.scalar(select(Person).where(Person.matricule == normalise_matricule(matricule)))
        if person is None:
            raise click.ClickException("Matricule inconnu.")
        problems = password_problems(password, context=(person.matricule, person.last_name))
        if problems:
            raise click.ClickException(problems[0])
        person.password_hash = hash_password(password)
        person.must_change_password = True
        person.session_version += 1
        audit("password.reset", by=None, target=person)
        db.session.commit()
        click.echo("Mot de passe remplacé.")


def _purge_commands(app: Flask) -> None:
    """The nightly purges: connection history, old notifications, both."""

    @app.cli.command("purge-logins")
    @click.option("--days", type=int, default=None, help="Retention in days (default: config).")
    def purge_logins(days: int | None):
        """Delete connection history older than the retention period (12 months by default)."""
        days = days or current_app.config["LOGIN_LOG_RETENTION_DAYS"]
        count = purge_login_events(days)
        db.session.commit()
        click.echo(f"{count} entrée(s) de connexion de plus de {days} jours supprimée(s).")

    @app.cli.command("purge-notifications")
    @click.option("--days", type=int, default=None, help="Retention in days (default: config).")
    def purge_notifications(days: int | None):
        """Delete read notifications and sent mails older than the retention (6 months by default)."""
        days = days or current_app.config["NOTIFICATION_RETENTION_DAYS"]
        notes, mails = purge(days)
        db.session.commit()
        click.echo(f"{notes} notification(s) lue(s) et {mails} e-mail(s) de plus de {days} jours supprimés.")

    @app.cli.command("purge")
    @click.pass_context
    def purge_all(context):
        """The nightly purge: connection history and old notifications, each with its retention."""
        context.invoke(purge_logins)
        context.invoke(purge_notifications)


def _mail_commands(app: Flask) -> None:
    """Reminders, digests and the outbox, every minute."""

    @app.cli.command("send-mail")
    def send_mail():
        """Give the slot reminders that are due, then send the mails that are due (cron, every
        minute); safe to run twice or on two machines."""
        given = reminders.generate()
        if given:
            click.echo(f"{given} rappel(s) de créneau donné(s).")
        if not mail_enabled():
            click.echo("Envoi d'e-mails désactivé (MAIL_SERVER n'est pas défini).")
            return
        queued = digest.generate()
        if queued:
            click.echo(f"{queued} résumé(s) de la semaine mis en file.")
        report = send_due()
        click.echo(
            f"{report.sent} e-mail(s) envoyé(s), {report.retried} à réessayer, {report.failed} en échec."
        )
        if report.stopped:
            click.echo(
                f"Serveur de messagerie injoignable, reprise à la prochaine exécution ({report.stopped})."
            )


def _backup_command(app: Flask) -> None:
    """A copy of the SQLite database."""

    @app.cli.command("backup")
    @click.argument("destination", required=False)
    def backup(destination: str | None):
        """Consistent copy of the SQLite database while the app runs (MariaDB: see README)."""
        engine = db.engine
        if engine.dialect.name != "sqlite":
            raise click.ClickException(
                "Base MariaDB/MySQL : utilisez mariadb-dump --single-transaction (voir le README)."
            )
        source_path = engine.url.database
        stamp = datetime.now(PARIS).strftime("%Y%m%d-%H%M%S")  # the hospital's time, for people
        target = Path(
            destination or Path(current_app.instance_path) / "backups" / f"anime-ton-chu-{stamp}.sqlite"
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
            ok = copy.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise click.ClickException(f"La copie n'est pas intègre : {ok}")
        click.echo(f"Sauvegarde écrite : {target}")
