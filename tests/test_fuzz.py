"""No 500 on any input: forms and query strings fuzzed with hypothesis answer 2xx-4xx."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(matricule=TEXT, password=TEXT, next_url=TEXT)
def test_login_form(client, matricule, password, next_url):
    response = client.post("/connexion", {"matricule": matricule, "password": password, "next": next_url})
    assert response.status_code < 500
    db.session.rollback()


@FUZZ
@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["ward", "matricule", "first_name", "last_name", "job", "email", "password", "message"]
        ),
        TEXT,
    )
)
def test_registration_form(client, fields):
    response = client.post("/inscription", fields)
    assert response.status_code < 500


@FUZZ
@given(path=st.text(alphabet="abcdefghij-/%?=&0123456789éà", max_size=60))
def test_any_path_under_a_ward(client, path):
    response = client.get(f"/s/{path}")
    assert response.status_code < 500


@FUZZ
@given(query=st.dictionaries(st.text(max_size=20), TEXT, max_size=4))
def test_query_strings_on_public_pages(client, query):
    for url in ("/", "/connexion", "/inscription"):
        assert client.get(url, query_string=query).status_code < 500
