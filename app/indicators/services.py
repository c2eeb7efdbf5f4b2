"""The figures of the reflective review (bilan réflexif), for one ward and one period
compared with the period before.

Every figure comes from SQL aggregates (GROUP BY, COUNT DISTINCT, CASE): the same fixed
number of queries whatever the ward's history (`QUERIES`, checked by the tests). Each
query covers both periods at once, with a `cur` column (1: the period, 0: the one before).
Only the median time to an answer is computed in Python, from one query of two dates.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, distinct, func, literal, select, union_all
from sqlalchemy.exc import IntegrityError

from app.core.errors import ConflictError
from app.extensions import db
from app.indicators.periods import Period, bucket_bounds, buckets
from app.models import (
    JOBS,
    Activity,
    Comment,
    Membership,
    Person,
    PostIt,
    PostItSupport,
    Publication,
    PublicationThanks,
    SignUp,
    Slot,
    SlotFeedback,
    SurveyAnswer,
    SurveyTurn,
)
from app.models.feed import PUBLICATION_KINDS
from app.models.indicators import SCALE
from app.models.postits import POSTIT_KINDS, POSTIT_STATUSES

# Below this many people (or answers), a figure by job or the questionnaire is not shown:
# nobody can be singled out.
SMALL = 5
SMALL_LABEL = "moins de 5"
QUERIES = 17  # what `compute` runs, whatever the history
COMMENTS_SHOWN = 12
IDEAS_SHOWN = 12

_PARTICIPATED = and_(SignUp.status == "confirmed", SignUp.attended.is_not(False))


def _cur(column, period: Period):
    """1 when `column` falls in the period, 0 in the one before (rows outside are filtered)."""
    return case((column >= period.start_utc, 1), else_=0).label("cur")


def _in_both(column, period: Period):
    return and_(column >= period.previous.start_utc, column < period.end_utc)


def _count_if(condition):
    return func.count(case((condition, 1)))


def _sum_if(condition, value):
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


# --- what the page shows -----------------------------------------------------------------


@dataclass
class Figure:
    """A key figure: now, before, and how to write it."""

    label: str
    now: float | None
    before: float | None
    unit: str = ""  # "%", "j", "/5"
    decimals: int = 0
    hint: str = ""

    @property
    def change(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return self.now - self.before


@dataclass
class Table:
    """A table of the page, also exported as CSV: French headers, rows of cells."""

    key: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""


@dataclass
class Indicators:
    period: Period
    figures: list[Figure]
    weeks: list[dict]  # label, sign_ups, attended (the period only)
    activities: list[dict]
    jobs: list[dict]
    feedback: list[dict]
    feedback_comments: list[dict]
    postits: dict
    ideas: list[dict]
    publications: list[dict]
    survey: dict
    tables: dict[str, Table]


# --- the queries ------------------------------------------------------------------------


def _slots_by_activity(ward, period):
    cur = _cur(Slot.starts_at, period)
    is_open = Slot.status == "open"
    return db.session.execute(
        select(
            cur,
            Slot.activity_id,
            Activity.name,
            func.count(Slot.id).label("slots"),
            _sum_if(is_open, Slot.capacity).label("capacity"),
            _sum_if(is_open, Slot.taken).label("taken"),
            _sum_if(is_open, Slot.waiting).label("waiting"),
            _count_if(Slot.status == "cancelled").label("cancelled"),
            _count_if(Slot.status == "frozen").label("frozen"),
        )
        .join(Activity, Activity.id == Slot.activity_id)
        .where(Slot.ward_id == ward.id, _in_both(Slot.starts_at, period))
        .group_by(cur, Slot.activity_id, Activity.name)
    ).all()


def _sign_ups_by_activity(ward, period):
    cur = _cur(Slot.starts_at, period)
    return db.session.execute(
        select(
            cur,
            Slot.activity_id,
            _count_if(SignUp.status == "confirmed").label("confirmed"),
            _count_if(SignUp.attended.is_(True)).label("attended"),
            _count_if(and_(SignUp.status == "confirmed", SignUp.attended.is_(False))).label("absent"),
            _count_if(SignUp.status == "cancelled").label("cancelled"),
            _count_if(SignUp.status == "waiting").label("waiting"),
            func.count(distinct(case((_PARTICIPATED, SignUp.person_id)))).label("people"),
        )
        .join(Slot, Slot.id == SignUp.slot_id)
        .where(Slot.ward_id == ward.id, _in_both(Slot.starts_at, period))
        .group_by(cur, Slot.activity_id)
    ).all()


def _sign_ups_by_bucket(ward, period):
    bounds = bucket_bounds(period)
    bucket = case(
        *[(Slot.starts_at < bound, index) for index, bound in enumerate(bounds)], else_=len(bounds)
    ).label("bucket")
    if not bounds:
        bucket = literal(0).label("bucket")
    return db.session.execute(
        select(
            bucket,
            _count_if(SignUp.status == "confirmed").label("confirmed"),
            _count_if(SignUp.attended.is_(True)).label("attended"),
        )
        .join(Slot, Slot.id == SignUp.slot_id)
        .where(Slot.ward_id == ward.id, Slot.starts_at >= period.start_utc, Slot.starts_at < period.end_utc)
        .group_by(bucket)
    ).all()


def _participants_by_job(ward, period):
    """Distinct participants by job: a person has one job, so the sum is the distinct total."""
    cur = _cur(Slot.starts_at, period)
    return db.session.execute(
        select(cur, Person.job, func.count(distinct(SignUp.person_id)).label("people"))
        .join(Slot, Slot.id == SignUp.slot_id)
        .join(Person, Person.id == SignUp.person_id)
        .where(Slot.ward_id == ward.id, _in_both(Slot.starts_at, period), _PARTICIPATED)
        .group_by(cur, Person.job)
    ).all()


def _members_by_job(ward, period):
    """Active members of the ward at the end of each period, by job."""
    return db.session.execute(
        select(
            Person.job,
            _count_if(Membership.created_at < period.end_utc).label("now"),
            _count_if(Membership.created_at < period.previous.end_utc).label("before"),
        )
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.ward_id == ward.id, Membership.status == "active")
        .group_by(Person.job)
    ).all()


def _active_people(ward, period):
    """People who did anything in the ward in each period, each counted once."""
    both = period

    def part(person, at, *joins_and_where):
        query = select(person.label("person_id"), _cur(at, both))
        for item in joins_and_where:
            query = query.join(*item) if isinstance(item, tuple) else query.where(item)
        return query.where(_in_both(at, both), person.is_not(None))

    acts = union_all(
        # signed up for (or gave feedback on) a session of the period: read by the slot's time
        part(SignUp.person_id, Slot.starts_at, (Slot, Slot.id == SignUp.slot_id), Slot.ward_id == ward.id),
        part(PostIt.author_id, PostIt.created_at, PostIt.ward_id == ward.id),
        part(
            PostItSupport.person_id,
            PostItSupport.created_at,
            (PostIt, PostIt.id == PostItSupport.postit_id),
            PostIt.ward_id == ward.id,
        ),
        part(Publication.author_id, Publication.created_at, Publication.ward_id == ward.id),
        part(Comment.author_id, Comment.created_at, Comment.ward_id == ward.id),
        part(
            PublicationThanks.person_id,
            PublicationThanks.at,
            (Publication, Publication.id == PublicationThanks.publication_id),
            Publication.ward_id == ward.id,
        ),
        part(
            SlotFeedback.person_id,
            Slot.starts_at,
            (Slot, Slot.id == SlotFeedback.slot_id),
            Slot.ward_id == ward.id,
        ),
    ).subquery()
    return dict(
        db.session.execute(
            select(acts.c.cur, func.count(distinct(acts.c.person_id))).group_by(acts.c.cur)
        ).all()
    )


def _feedback(ward, period):
    cur = _cur(Slot.starts_at, period)
    return db.session.execute(
        select(cur, SlotFeedback.activity_id, SlotFeedback.rating, func.count(SlotFeedback.id).label("n"))
        .join(Slot, Slot.id == SlotFeedback.slot_id)
        .where(Slot.ward_id == ward.id, _in_both(Slot.starts_at, period))
        .group_by(cur, SlotFeedback.activity_id, SlotFeedback.rating)
    ).all()


def _feedback_comments(ward, period):
    return db.session.execute(
        select(SlotFeedback.rating, SlotFeedback.comment, Activity.name, Slot.starts_at)
        .join(Slot, Slot.id == SlotFeedback.slot_id)
        .join(Activity, Activity.id == SlotFeedback.activity_id)
        .where(
            Slot.ward_id == ward.id,
            Slot.starts_at >= period.start_utc,
            Slot.starts_at < period.end_utc,
            SlotFeedback.comment != "",
        )
        .order_by(Slot.starts_at.desc(), SlotFeedback.id.desc())
        .limit(COMMENTS_SHOWN)
    ).all()


def _postits(ward, period):
    cur = _cur(PostIt.created_at, period)
    return db.session.execute(
        select(cur, PostIt.kind, PostIt.status, func.count(PostIt.id).label("n"))
        .where(PostIt.ward_id == ward.id, PostIt.hidden.is_(False), _in_both(PostIt.created_at, period))
        .group_by(cur, PostIt.kind, PostIt.status)
    ).all()


def _answer_delays(ward, period):
    """Post-its of the periods that got an answer (a status set by an admin): two dates each."""
    return db.session.execute(
        select(_cur(PostIt.created_at, period), PostIt.created_at, PostIt.status_at).where(
            PostIt.ward_id == ward.id,
            PostIt.hidden.is_(False),
            PostIt.status != "new",
            PostIt.status_at.is_not(None),
            _in_both(PostIt.created_at, period),
        )
    ).all()


def _ideas_moved(ward, period):
    cur = _cur(PostIt.status_at, period)
    return db.session.execute(
        select(cur, PostIt.status, func.count(PostIt.id))
        .where(
            PostIt.ward_id == ward.id,
            PostIt.hidden.is_(False),
            PostIt.status.in_(("adopted", "done")),
            _in_both(PostIt.status_at, period),
        )
        .group_by(cur, PostIt.status)
    ).all()


def _ideas_list(ward, period):
    return db.session.execute(
        select(PostIt.kind, PostIt.status, PostIt.text, PostIt.answer, PostIt.status_at)
        .where(
            PostIt.ward_id == ward.id,
            PostIt.hidden.is_(False),
            PostIt.status.in_(("adopted", "done")),
            PostIt.status_at >= period.start_utc,
            PostIt.status_at < period.end_utc,
        )
        .order_by(PostIt.status_at.desc(), PostIt.id.desc())
        .limit(IDEAS_SHOWN)
    ).all()


def _publications(ward, period):
    cur = _cur(Publication.published_at, period)
    return db.session.execute(
        select(cur, Publication.kind, func.count(Publication.id))
        .where(
            Publication.ward_id == ward.id,
            Publication.status.in_(("published", "archived")),
            _in_both(Publication.published_at, period),
        )
        .group_by(cur, Publication.kind)
    ).all()


def _comments_and_thanks(ward, period):
    """Comments and thanks of the two periods: one query, two kinds of rows."""
    comment_cur = _cur(Comment.created_at, period)
    comments = (
        select(literal("comments").label("what"), comment_cur, func.count(Comment.id).label("n"))
        .where(Comment.ward_id == ward.id, Comment.hidden.is_(False), _in_both(Comment.created_at, period))
        .group_by(comment_cur)
    )
    thanks_cur = _cur(PublicationThanks.at, period)
    thanks = (
        select(literal("thanks").label("what"), thanks_cur, func.count(PublicationThanks.id).label("n"))
        .join(Publication, Publication.id == PublicationThanks.publication_id)
        .where(Publication.ward_id == ward.id, _in_both(PublicationThanks.at, period))
        .group_by(thanks_cur)
    )
    return db.session.execute(select(union_all(comments, thanks).subquery())).all()


def _survey(ward, period):
    cur = case((SurveyAnswer.answered_on >= period.start, 1), else_=0).label("cur")
    return db.session.execute(
        select(cur, SurveyAnswer.useful, SurveyAnswer.easy, func.count(SurveyAnswer.id))
        .where(
            SurveyAnswer.ward_id == ward.id,
            SurveyAnswer.answered_on >= period.previous.start,
            SurveyAnswer.answered_on <= period.end,
        )
        .group_by(cur, SurveyAnswer.useful, SurveyAnswer.easy)
    ).all()


def _survey_texts(ward, period):
    return db.session.execute(
        select(SurveyAnswer.missing, SurveyAnswer.remark)
        .where(
            SurveyAnswer.ward_id == ward.id,
            SurveyAnswer.answered_on >= period.start,
            SurveyAnswer.answered_on <= period.end,
            (SurveyAnswer.missing != "") | (SurveyAnswer.remark != ""),
        )
        .order_by(SurveyAnswer.answered_on.desc(), SurveyAnswer.id.desc())
        .limit(COMMENTS_SHOWN)
    ).all()


# --- putting the figures together -------------------------------------------------------------


def shown_count(value: int) -> str | int:
    """A number of people by job: hidden below 5."""
    return value if value >= SMALL else SMALL_LABEL


def _ratio(part, whole, scale=100):
    return round(part * scale / whole, 1) if whole else None


def _median_days(pairs) -> float | None:
    delays = [
        (answered - created).total_seconds() / 86400 for created, answered in pairs if answered >= created
    ]
    return round(statistics.median(delays), 1) if delays else None


def compute(ward, period: Period) -> Indicators:
    """Every figure of the page for `ward` over `period`, compared with the period before."""
    planner = _planner_part(ward, period)
    people = _people_part(ward, period)
    ratings = _ratings_part(ward, period, planner)
    board = _board_part(ward, period)
    survey = _survey_summary(_survey(ward, period), _survey_texts(ward, period))
    total = planner["total"]

    def fill(cur):
        return _ratio(total(cur, "taken"), total(cur, "capacity"))

    def share(cur):
        return _ratio(people["count"][cur], people["members"][cur])

    def both(getter):
        return getter(1), getter(0)

    figures = [
        Figure("Inscriptions", *both(lambda c: total(c, "su_confirmed")), hint="places confirmées"),
        Figure("Présences notées", *both(lambda c: total(c, "su_attended"))),
        Figure(
            "Participant·es différent·es", *both(people["count"].get), hint="chaque personne compte une fois"
        ),
        Figure("Part des membres du service", *both(share), unit="%", decimals=1),
        Figure("Taux de remplissage des créneaux", *both(fill), unit="%", decimals=1),
        Figure("Absences signalées", *both(lambda c: total(c, "su_absent"))),
        Figure("Créneaux annulés ou gelés", *both(lambda c: total(c, "cancelled") + total(c, "frozen"))),
        Figure("En liste d'attente", *both(lambda c: total(c, "su_waiting")), hint="inscriptions"),
        Figure("Note moyenne des retours", *both(ratings["mean"]), unit="/5", decimals=1),
        Figure("Post-it déposés", *both(board["postits"]["total"].__getitem__)),
        Figure("Délai médian de réponse aux post-it", *both(board["delays"].get), unit="j", decimals=1),
        Figure("Idées adoptées ou réalisées", *both(board["moved"].get)),
        Figure("Publications", *both(lambda c: sum(v[c] for v in board["publications"].values()))),
        Figure("Commentaires", *both(lambda c: board["talk"][("comments", c)])),
        Figure("Mercis", *both(lambda c: board["talk"][("thanks", c)]), hint="sur les publications"),
        Figure(
            "Membres actifs sur la période",
            *both(lambda c: people["active"].get(c, 0)),
            hint="ont fait au moins une chose",
        ),
    ]
    postits = board["postits"]
    indicators = Indicators(
        period=period,
        figures=figures,
        weeks=planner["weeks"],
        activities=planner["activities"],
        jobs=people["jobs"],
        feedback=ratings["by_activity"],
        feedback_comments=ratings["comments"],
        postits={
            "kinds": [
                (POSTIT_KINDS[k], postits["kinds"][k][1], postits["kinds"][k][0]) for k in POSTIT_KINDS
            ],
            "statuses": [
                (POSTIT_STATUSES[k], postits["statuses"][k][1], postits["statuses"][k][0])
                for k in POSTIT_STATUSES
            ],
            "overall_counts": ratings["overall_counts"],
            "overall_answers": ratings["overall_answers"],
        },
        ideas=board["ideas"],
        publications=[
            (PUBLICATION_KINDS[k], board["publications"][k][1], board["publications"][k][0])
            for k in PUBLICATION_KINDS
        ],
        survey=survey,
        tables={},
    )
    indicators.tables = build_tables(indicators)
    return indicators


def _planner_part(ward, period) -> dict:
    """Slots and sign-ups, by activity, in total and by week (3 queries)."""
    names = {}
    slots = defaultdict(lambda: defaultdict(int))  # (cur, activity) → figures
    for row in _slots_by_activity(ward, period):
        names[row.activity_id] = row.name
        target = slots[(row.cur, row.activity_id)]
        for key in ("slots", "capacity", "taken", "waiting", "cancelled", "frozen"):
            target[key] += int(getattr(row, key))
    for row in _sign_ups_by_activity(ward, period):
        target = slots[(row.cur, row.activity_id)]
        for key in ("confirmed", "attended", "absent", "cancelled", "waiting", "people"):
            target["su_" + key] += int(getattr(row, key))
    by_bucket = {b: (c, a) for b, c, a in _sign_ups_by_bucket(ward, period)}

    def total(cur, key):
        return sum(v[key] for (c, _a), v in slots.items() if c == cur)

    weeks = []
    for index, (_first, label) in enumerate(buckets(period)):
        confirmed, attended = by_bucket.get(index, (0, 0))
        weeks.append({"label": label, "sign_ups": int(confirmed), "attended": int(attended)})
    activity_ids = sorted({a for (_c, a) in slots}, key=lambda a: names.get(a, ""))
    activities = []
    for activity_id in activity_ids:
        now, before = slots.get((1, activity_id), {}), slots.get((0, activity_id), {})
        activities.append(
            {
                "name": names[activity_id],
                "slots": now.get("slots", 0),
                "sign_ups": now.get("su_confirmed", 0),
                "sign_ups_before": before.get("su_confirmed", 0),
                "attended": now.get("su_attended", 0),
                "absent": now.get("su_absent", 0),
                "people": now.get("su_people", 0),
                "fill": _ratio(now.get("taken", 0), now.get("capacity", 0)),
                "waiting": now.get("su_waiting", 0),
                "off": now.get("cancelled", 0) + now.get("frozen", 0),
            }
        )
    return {"total": total, "weeks": weeks, "activities": activities, "names": names, "ids": activity_ids}


def _people_part(ward, period) -> dict:
    """Distinct participants (by job), members, people active (3 queries)."""
    count = {0: 0, 1: 0}
    by_job = defaultdict(lambda: [0, 0])
    for row in _participants_by_job(ward, period):
        count[row.cur] += row.people
        by_job[row.job][row.cur] += row.people
    members = {1: 0, 0: 0}
    members_by_job = {}
    for row in _members_by_job(ward, period):
        members[1] += row.now
        members[0] += row.before
        members_by_job[row.job] = row.now
    jobs = [
        {
            "label": JOBS.get(job, "Autre métier"),
            "_people": by_job[job][1],
            "_people_before": by_job[job][0],
            "_members": members_by_job.get(job, 0),
        }
        for job in sorted(set(by_job) | set(members_by_job), key=_job_order)
    ]
    _below_five_by_job(jobs)
    return {"count": count, "members": members, "jobs": jobs, "active": _active_people(ward, period)}


def _ratings_part(ward, period, planner) -> dict:
    """Feedback after the sessions: averages and distributions, the comments (2 queries)."""
    ratings = defaultdict(lambda: defaultdict(int))  # (cur, activity) → rating → n
    for row in _feedback(ward, period):
        ratings[(row.cur, row.activity_id)][row.rating] += row.n

    def distribution(cur, activity=None):
        counts = defaultdict(int)
        for (c, a), by_rating in ratings.items():
            if c == cur and activity in (None, a):
                for rating, n in by_rating.items():
                    counts[rating] += n
        n = sum(counts.values())
        mean = round(sum(r * k for r, k in counts.items()) / n, 1) if n else None
        return mean, n, [counts.get(r, 0) for r in range(1, 6)]

    by_activity = []
    for activity_id in planner["ids"]:
        mean, n, counts = distribution(1, activity_id)
        mean_before, n_before, _ = distribution(0, activity_id)
        if n or n_before:
            by_activity.append(
                {
                    "name": planner["names"][activity_id],
                    "average": mean,
                    "average_before": mean_before,
                    "answers": n,
                    "counts": counts,
                }
            )
    _mean, overall_n, overall_counts = distribution(1)
    comments = [
        {"rating": r.rating, "comment": r.comment, "activity": r.name, "at": r.starts_at}
        for r in _feedback_comments(ward, period)
    ]
    return {
        "mean": lambda cur: distribution(cur)[0],
        "by_activity": by_activity,
        "overall_counts": overall_counts,
        "overall_answers": overall_n,
        "comments": comments,
    }


def _board_part(ward, period) -> dict:
    """Post-its, ideas, publications, comments and thanks (6 queries)."""
    postits = {"kinds": defaultdict(lambda: [0, 0]), "statuses": defaultdict(lambda: [0, 0]), "total": [0, 0]}
    for row in _postits(ward, period):
        postits["kinds"][row.kind][row.cur] += row.n
        postits["statuses"][row.status][row.cur] += row.n
        postits["total"][row.cur] += row.n
    delay_rows = _answer_delays(ward, period)
    moved = defaultdict(int)
    for cur, _status, n in _ideas_moved(ward, period):
        moved[cur] += n
    ideas = [
        {"status": POSTIT_STATUSES[r.status], "text": r.text, "answer": r.answer, "at": r.status_at}
        for r in _ideas_list(ward, period)
    ]
    publications = defaultdict(lambda: [0, 0])
    for cur, kind, n in _publications(ward, period):
        publications[kind][cur] += n
    talk = defaultdict(int)
    for what, cur, n in _comments_and_thanks(ward, period):
        talk[(what, cur)] += n
    return {
        "postits": postits,
        "delays": {cur: _median_days((c, a) for k, c, a in delay_rows if k == cur) for cur in (0, 1)},
        "moved": {cur: moved[cur] for cur in (0, 1)},
        "ideas": ideas,
        "publications": publications,
        "talk": talk,
    }


def _job_order(job: str) -> int:
    return list(JOBS).index(job) if job in JOBS else len(JOBS)


def _below_five_by_job(jobs: list[dict]) -> None:
    """Fill the shown cells: any count under 5 reads « moins de 5 », and the share only
    when both counts are shown. When a single job is hidden in a column, the total minus
    the others would give it away: the next smallest is hidden too."""
    for key in ("people", "people_before", "members"):
        hidden = [j for j in jobs if j["_" + key] < SMALL]
        shown = [j for j in jobs if j["_" + key] >= SMALL]
        if len(hidden) == 1 and hidden[0]["_" + key] > 0 and shown:
            hidden.append(min(shown, key=lambda j: j["_" + key]))
        for job in jobs:
            job[key] = SMALL_LABEL if job in hidden else job["_" + key]
    for job in jobs:
        visible = not isinstance(job["people"], str) and not isinstance(job["members"], str)
        job["share"] = _ratio(job["_people"], job["_members"]) if visible else None
        job["hidden"] = not visible


def _survey_summary(rows, texts) -> dict:
    counts = {"useful": defaultdict(int), "easy": defaultdict(int)}
    answers = {0: 0, 1: 0}
    for cur, useful, easy, n in rows:
        answers[cur] += n
        if cur == 1:
            counts["useful"][useful] += n
            counts["easy"][easy] += n
    shown = answers[1] >= SMALL

    def positive(kind):
        return _ratio(counts[kind][3] + counts[kind][4], answers[1]) if shown else None

    return {
        "answers": answers[1],
        "answers_before": answers[0],
        "shown": shown,
        "scale": SCALE,
        "useful": [counts["useful"][v] for v in SCALE] if shown else [],
        "easy": [counts["easy"][v] for v in SCALE] if shown else [],
        "useful_positive": positive("useful"),
        "easy_positive": positive("easy"),
        "missing": [t.missing for t in texts if t.missing] if shown else [],
        "remarks": [t.remark for t in texts if t.remark] if shown else [],
    }


# --- the tables (on the page and in CSV) -----------------------------------------------------


def _number(value, decimals=0):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if decimals:
        return f"{value:.{decimals}f}".replace(".", ",")
    return int(value)


def build_tables(ind: Indicators) -> dict[str, Table]:
    """Every table of the page, by key (the CSV's name)."""
    tables = {}
    tables["chiffres"] = Table(
        "chiffres",
        "Chiffres clés",
        ["Indicateur", "Période", "Période précédente", "Évolution"],
        [
            [
                f.label + (f" ({f.unit})" if f.unit else ""),
                _number(f.now, f.decimals),
                _number(f.before, f.decimals),
                _number(f.change, f.decimals) if f.change is not None else "—",
            ]
            for f in ind.figures
        ],
    )
    tables["semaines"] = Table(
        "semaines",
        "Inscriptions et présences par semaine"
        if ind.period.weekly
        else "Inscriptions et présences par mois",
        ["Semaine du" if ind.period.weekly else "Mois", "Inscriptions", "Présences notées"],
        [[w["label"], w["sign_ups"], w["attended"]] for w in ind.weeks],
    )
    tables["activites"] = Table(
        "activites",
        "Participation par activité",
        [
            "Activité",
            "Créneaux",
            "Inscriptions",
            "Inscriptions (période précédente)",
            "Présences notées",
            "Absences",
            "Participant·es différent·es",
            "Taux de remplissage (%)",
            "En attente",
            "Créneaux annulés ou gelés",
        ],
        [
            [
                a["name"],
                a["slots"],
                a["sign_ups"],
                a["sign_ups_before"],
                a["attended"],
                a["absent"],
                a["people"],
                _number(a["fill"], 1),
                a["waiting"],
                a["off"],
            ]
            for a in ind.activities
        ],
    )
    tables["metiers"] = Table(
        "metiers",
        "Participant·es par métier",
        ["Métier", "Participant·es", "Période précédente", "Membres du service", "Part des membres (%)"],
        [
            [j["label"], j["people"], j["people_before"], j["members"], _number(j["share"], 1)]
            for j in ind.jobs
        ],
        note="Aucun chiffre sous 5 personnes par métier (« moins de 5 ») : personne ne peut être reconnu.",
    )
    tables["retours"] = Table(
        "retours",
        "Retours des participant·es par activité",
        ["Activité", "Note moyenne (/5)", "Période précédente", "Retours", "1", "2", "3", "4", "5"],
        [
            [f["name"], _number(f["average"], 1), _number(f["average_before"], 1), f["answers"], *f["counts"]]
            for f in ind.feedback
        ],
    )
    tables["postits"] = Table(
        "postits",
        "Post-it par type et par statut",
        ["Type ou statut", "Période", "Période précédente"],
        [[f"Type : {label}", now, before] for label, now, before in ind.postits["kinds"]]
        + [[f"Statut : {label}", now, before] for label, now, before in ind.postits["statuses"]],
    )
    tables["publications"] = Table(
        "publications",
        "Publications par type",
        ["Type", "Période", "Période précédente"],
        [[label, now, before] for label, now, before in ind.publications],
    )
    if ind.survey["shown"]:
        scale = list(ind.survey["scale"].values())
        tables["questionnaire"] = Table(
            "questionnaire",
            "Avis sur la plateforme",
            ["Question", *scale],
            [
                ["La plateforme est-elle utile ?", *ind.survey["useful"]],
                ["Est-elle facile à utiliser ?", *ind.survey["easy"]],
            ],
        )
    for table in tables.values():
        table.title = table.title.replace(" ?", "\u00a0?")
        table.rows = [
            [c.replace(" ?", "\u00a0?").replace(" :", "\u00a0:") if isinstance(c, str) else c for c in r]
            for r in table.rows
        ]
        table.note = table.note.replace(" :", "\u00a0:").replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    return tables


# --- the questionnaire --------------------------------------------------------------------


def half_year_of(day: date) -> str:
    """2026-S1 (January–June) or 2026-S2."""
    return f"{day.year}-S{1 if day.month <= 6 else 2}"


def has_answered(person, day: date) -> bool:
    return (
        db.session.scalar(
            select(SurveyTurn.id).where(
                SurveyTurn.person_id == person.id, SurveyTurn.half_year == half_year_of(day)
            )
        )
        is not None
    )


def answer_survey(ward, *, by, day: date, useful: int, easy: int, missing: str = "", remark: str = ""):
    """Record an anonymous answer: the turn (who, which half-year) and the answer (what),
    in two tables with no link. A second answer in the same half-year is refused."""
    if has_answered(by, day):
        raise ConflictError(
            "Vous avez déjà répondu ce semestre-ci\u00a0: merci\u00a0! Rendez-vous au prochain."
        )
    half = half_year_of(day)
    db.session.add(SurveyTurn(person_id=by.id, half_year=half))
    db.session.add(
        SurveyAnswer(
            ward_id=ward.id,
            half_year=half,
            answered_on=day,
            useful=useful,
            easy=easy,
            missing=(missing or "").strip(),
            remark=(remark or "").strip(),
        )
    )
    try:
        db.session.flush()
    except IntegrityError as error:  # the same person answering twice at once
        raise ConflictError("Vous avez déjà répondu ce semestre-ci\u00a0: merci\u00a0!") from error
