"""What an activity announces to the rest of the app (the planner listens).

Each signal is sent by the activity service inside its write, before the commit, so what a
receiver does is part of the same transaction. Receivers get the activity as sender and the
acting person as `by=`; they flush, never commit, and return the ids of the people they
want told (or nothing). Senders gather those ids and tell each person once.
"""

from blinker import Namespace

_signals = Namespace()

# Emergency stop: upcoming slots freeze; receivers return who is signed up or waiting.
activity_stopped = _signals.signal("activity-stopped")
# Resume after a stop: frozen upcoming slots open again (and their free places fill in order).
activity_resumed = _signals.signal("activity-resumed")
# Archived; `was=` is the status before. An active activity's upcoming slots freeze too.
activity_archived = _signals.signal("activity-archived")


def gather(results) -> list[int]:
    """The people ids returned by every receiver of one `send`."""
    return [person_id for _receiver, ids in results for person_id in (ids or [])]
