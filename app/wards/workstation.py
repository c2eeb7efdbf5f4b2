"""Shared ward workstations: the address ranges where the log-in offers "poste partagé du
service" by default, and the idle minutes after which such a session ends. Flush, never commit."""

import ipaddress
import re

from sqlalchemy import select

from app import policies
from app.core.errors import DomainError
from app.extensions import db
from app.models import Person, Ward
from app.records.services import audit

DEFAULT_IDLE_MINUTES = 2
MAX_IDLE_MINUTES = 30
MAX_RANGES = 20


def parse_networks(raw: str) -> list[str]:
    """ "10.12.4.0/24, 10.12.5.17" → normalised ranges; a French message naming the one that
    is not an address range."""
    found = []
    for part in re.split(r"[\s,;]+", raw or ""):
        if not part:
            continue
        try:
            found.append(str(ipaddress.ip_network(part, strict=False)))
        except ValueError as error:
            raise DomainError(
                f"« {part} » n'est pas une adresse ni une plage d'adresses (exemple : 10.12.4.0/24).",
                field="networks",
            ) from error
    if len(found) > MAX_RANGES:
        raise DomainError(f"{MAX_RANGES} plages d'adresses au plus.", field="networks")
    return list(dict.fromkeys(found))


def set_workstations(ward: Ward, *, by: Person, networks: list[str], idle_minutes: int) -> Ward:
    """Record the ward's shared workstations (admins and the manager)."""
    if not policies.can_administer_ward(by, ward):
        raise DomainError("Seuls les administrateurs du service et la cadre règlent les postes partagés.")
    if not 1 <= idle_minutes <= MAX_IDLE_MINUTES:
        raise DomainError(f"De 1 à {MAX_IDLE_MINUTES} minutes.", field="idle_minutes")
    ward.workstation_networks = ", ".join(networks)
    ward.workstation_idle_minutes = idle_minutes
    db.session.flush()
    audit("ward.workstations", by=by, ward=ward, detail={"ranges": len(networks), "idle": idle_minutes})
    return ward


def workstation_ward(address: str) -> Ward | None:
    """The ward whose shared workstations include this address (None on a personal device)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    for ward in db.session.scalars(select(Ward).where(Ward.workstation_networks != "").order_by(Ward.id)):
        for network in parse_networks(ward.workstation_networks):
            if ip in ipaddress.ip_network(network):
                return ward
    return None


def idle_seconds(address: str) -> int:
    """How long a shared session may stay idle here: the ward's setting, else 2 minutes."""
    ward = workstation_ward(address)
    return 60 * (ward.workstation_idle_minutes if ward else DEFAULT_IDLE_MINUTES)
